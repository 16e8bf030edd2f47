#!/usr/bin/env bash
# Installs virtme-ng 1.35 (vng) on Debian bookworm: the .deb comes from trixie through a private apt directory (apt
# verifies trixie's InRelease with the Debian archive keyring and the .deb against the signed Packages index; the
# system's apt state is not touched), then dpkg -i with its dependencies and udev (without udev the guest init cannot
# find its virtio-serial ports and --exec fails with exit 255). The mirror is the one of this machine's apt sources,
# or $MPTCPMATRIX_DEBIAN_MIRROR. Needs root. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
[ "$(id -u)" = 0 ] || { echo "install-virtme: run as root" >&2; exit 2; }
want=1.35
if command -v vng >/dev/null && [ "$(vng --version 2>/dev/null)" = "virtme-ng $want" ] && command -v udevadm >/dev/null; then
  echo "virtme-ng $want already installed"; exit 0
fi

mirror=${MPTCPMATRIX_DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # deb822 sources: the first http(s) URI ending in /debian (not the security archive); else one-line sources.
  mirror=$(awk '/^URIs:/{for(i=2;i<=NF;i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) {print $i; exit}}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) {print $i; exit}}' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
fi
[ -n "$mirror" ] || { echo "install-virtme: no Debian mirror in the apt sources; set MPTCPMATRIX_DEBIAN_MIRROR" >&2; exit 1; }

apt-get install -y -qq --no-install-recommends python3-argcomplete python3-pkg-resources python3-requests file kmod udev >/dev/null

dir=$(mktemp -d /tmp/mptcpmatrix-virtme-apt-XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" > "$dir/sources.list"
opts=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent -o "Dir::State::Lists=$dir/lists"
      -o "Dir::Cache=$dir/cache" -o Dir::State::status=/dev/null -o Acquire::Languages=none -o APT::Sandbox::User=root -q)
apt-get "${opts[@]}" update >/dev/null
(cd "$dir" && apt-get "${opts[@]}" download "virtme-ng=$want-1" >/dev/null)
dpkg -i "$dir"/virtme-ng_*.deb >/dev/null
vng --version
