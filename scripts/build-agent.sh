#!/usr/bin/env bash
# Publishes the NativeAOT agent and assembles its bundle:
#   artifacts/agent/bin/mptcp-agent                  host binary (glibc)
#   artifacts/agent/bundle/opt/mptcp-agent/...       agent + its loader and libraries, runs in an empty root
#   artifacts/agent/mptcp-agent-bundle.tar.gz        the same bundle as a tarball
# Usage: scripts/build-agent.sh [linux-x64|linux-arm64]
set -euo pipefail
rid=${1:-linux-x64}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/artifacts/agent
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

dotnet publish "$root/src/Agent/Agent.csproj" -c Release -r "$rid" -o "$stage/bin" --nologo -v quiet -p:TreatWarningsAsErrors=true >&2

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
tar -C "$out.new/bundle" --owner=0 --group=0 --numeric-owner -czf "$out.new/mptcp-agent-bundle.tar.gz" opt
rm -rf "$out" && mv "$out.new" "$out"
echo "$out"
