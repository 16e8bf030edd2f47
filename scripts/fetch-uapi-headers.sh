#!/usr/bin/env bash
# Downloads a Debian suite's linux-libc-dev (the kernel uapi headers) with apt's own signature verification, using a
# private apt directory (the system's apt state is not touched), and extracts it to a cache directory:
#   artifacts/uapi/<suite>/usr/include/linux/mptcp.h ...
# The mirror is the first URI of the system's Debian source (/etc/apt/sources.list.d/debian.sources, deb822) unless
# MPTCPMATRIX_DEBIAN_MIRROR is set. Packages are verified against /usr/share/keyrings/debian-archive-keyring.gpg.
# Usage: scripts/fetch-uapi-headers.sh [suite (default: trixie)] [output root (default: artifacts/uapi)]
# Prints the include directory. Idempotent: an existing extraction is reused (delete it to refresh).
set -euo pipefail
suite=${1:-trixie}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out_root=${2:-$root/artifacts/uapi}
dest=$out_root/$suite
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
sources=/etc/apt/sources.list.d/debian.sources

if [[ -f $dest/usr/include/linux/mptcp.h ]]; then
  echo "$dest/usr/include"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "fetch-uapi-headers: '$tool' is missing (apt-get install apt dpkg)" >&2; exit 2; }
done
[[ -f $keyring ]] || { echo "fetch-uapi-headers: $keyring is missing (apt-get install debian-archive-keyring)" >&2; exit 2; }

mirror=${MPTCPMATRIX_DEBIAN_MIRROR:-}
if [[ -z $mirror ]]; then
  [[ -f $sources ]] || { echo "fetch-uapi-headers: $sources not found; set MPTCPMATRIX_DEBIAN_MIRROR to a Debian mirror URI" >&2; exit 2; }
  # First "URIs:" line whose stanza is not the security archive.
  mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$sources")
  [[ -n $mirror ]] || { echo "fetch-uapi-headers: no URIs: line in $sources; set MPTCPMATRIX_DEBIAN_MIRROR" >&2; exit 2; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc/preferences.d"
# Let apt's unprivileged download user (_apt) write there, so downloads stay sandboxed.
if [[ $(id -u) == 0 ]] && id _apt >/dev/null 2>&1; then chown -R _apt "$work"; fi
cat >"$work/sources.list" <<SRC
deb [signed-by=$keyring] $mirror $suite main
SRC
apt_opts=(
  -o "Dir::Etc::SourceList=$work/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=$work/etc/preferences.d"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "Dir::State::status=/dev/null"
  -o "APT::Architecture=$(dpkg --print-architecture)"
  -o "Acquire::Languages=none"
  -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
  -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
  -o "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false"
  -o "Debug::NoLocking=1"
)
# timeout: every wait is bounded; apt verifies the InRelease signature and each package's hash.
timeout 600 apt-get "${apt_opts[@]}" -q update >&2
(cd "$work" && timeout 600 apt-get "${apt_opts[@]}" -q download linux-libc-dev >&2)
deb=$(ls "$work"/linux-libc-dev_*.deb)
mkdir -p "$out_root"
rm -rf "$dest.new"
dpkg-deb -x "$deb" "$dest.new"
basename "$deb" >"$dest.new/PACKAGE"
rm -rf "$dest"
mv "$dest.new" "$dest"
echo "$dest/usr/include"
