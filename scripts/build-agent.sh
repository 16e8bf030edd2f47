#!/usr/bin/env bash
# Publishes the NativeAOT agent and assembles its bundle:
#   artifacts/agent/bin/mptcp-agent                  host binary (glibc)
#   artifacts/agent/bundle/opt/mptcp-agent/...       agent + its loader and libraries, runs in an empty root
#   artifacts/agent/mptcp-agent-bundle.tar.gz        the same bundle as a tarball
#   artifacts/agent/static/mptcp-agent               the same agent linked statically (-static): the VM initramfs's
#                                                    /init, with no loader or libraries to unpack and map at boot
# Usage: scripts/build-agent.sh [linux-x64|linux-arm64]
set -euo pipefail
rid=${1:-linux-x64}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/artifacts/agent
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

dotnet publish "$root/src/Agent/Agent.csproj" -c Release -r "$rid" -o "$stage/bin" --nologo -v quiet -p:TreatWarningsAsErrors=true >&2

# The static agent: the same compiled object, only linked again with -static into its own output directory (the
# ILCompiler step is up to date, so this costs the link, a few seconds). glibc's static-link warnings about NSS and
# dlopen name functions the agent never calls (user and group lookups, loading libraries).
dotnet publish "$root/src/Agent/Agent.csproj" -c Release -r "$rid" -o "$stage/static" --nologo -v quiet -p:TreatWarningsAsErrors=true \
  -p:StaticExecutable=true -p:NativeOutputPath="$stage/static-native/" >&2
rm -rf "$stage/static-native"
find "$stage/static" -type f ! -name 'mptcp-agent*' -delete

bin=$stage/bin/mptcp-agent
lib=$stage/bundle/opt/mptcp-agent/lib
mkdir -p "$lib"
cp "$bin" "$stage/bundle/opt/mptcp-agent/mptcp-agent"
# Carry the loader and every library ldd names (libc, libm; whatever the runtime links), dereferencing symlinks.
interp=$(readelf -l "$bin" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
cp -L "$interp" "$lib/$(basename "$interp")"
ldd "$bin" | awk '/=> \//{print $3}' | while read -r so; do cp -L "$so" "$lib/$(basename "$so")"; done
chmod 0755 "$lib"/* "$stage/bundle/opt/mptcp-agent/mptcp-agent"

rm -rf "$out.new" && mkdir -p "$out.new"
mv "$stage/bin" "$out.new/bin"
mv "$stage/bundle" "$out.new/bundle"
mv "$stage/static" "$out.new/static"
tar -C "$out.new/bundle" --owner=0 --group=0 --numeric-owner -czf "$out.new/mptcp-agent-bundle.tar.gz" opt
rm -rf "$out" && mv "$out.new" "$out"
echo "$out"
