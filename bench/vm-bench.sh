#!/usr/bin/env bash
# VM backend benchmark (TCG unless the host's KVM works): prints the figures docs/vm.md records.
#   1. per cell: boot-to-verdict of the agent's initramfs against the physical floor, a bare boot of the same kernel
#      whose init only powers off (static C, same QEMU arguments, same kernel command line);
#   2. the whole default matrix (./matrix run, matrix.yml) with a warm cache;
#   3. virtme-ng (vng --run, both families in one boot) against the vm backend (both families in one boot), same generic
#      6.1 kernel.
# Usage: bench/vm-bench.sh [RUNS]   (default 5). Needs: qemu-system-x86, gcc, cpio, bc; virtme-ng for part 3.
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/mptcpmatrix-vmbench-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$root"

./matrix kernels pull --suite bookworm >/dev/null
./matrix kernels pull --suite bookworm --flavour generic >/dev/null

# One real run gives the exact QEMU arguments (and the cached agent initramfs) of a cell.
cat > "$work/one.yml" <<YML
kernels: [ { name: bookworm, source: debian, suite: bookworm } ]
families: [ipv4, ipv6]
backends: [vm]
timeout: 120
YML
./matrix run --config "$work/one.yml" --out "$work/one" >/dev/null
args=$work/one/logs/vm-bookworm-ipv4-default/qemu-args.txt
initrd=$(awk 'f{print;exit} /^-initrd$/{f=1}' "$args")
mapfile -t base < <(awk 'skip{skip=0;next} /^-serial$|^-initrd$/{skip=1;next} {print}' "$args")

# The floor: an init that only powers off, packed the same way (cpio newc + gzip).
cat > "$work/poweroff.c" <<'C'
#include <sys/reboot.h>
#include <unistd.h>
int main(void) { sync(); reboot(RB_POWER_OFF); return 0; }
C
mkdir -p "$work/floor/dev" "$work/floor/proc"
gcc -static -Os -o "$work/floor/init" "$work/poweroff.c"
(cd "$work/floor" && find . | cpio -o -H newc --quiet | gzip -1 > "$work/floor.cpio.gz")

now() { date +%s.%N; }
boot() { # boot INITRD -> seconds (and checks that the agent's boot returned its frames)
  local s e; s=$(now)
  qemu-system-x86_64 "${base[@]}" -initrd "$1" -serial "file:$work/console.log" -serial "file:$work/results.txt" >/dev/null 2>&1
  e=$(now); echo "$e - $s" | bc
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f s (min %.2f, max %.2f, n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== 1. boot-to-verdict vs floor (bookworm $(sed -n 's/.*"release": "\(.*\)".*/\1/p' "$work/one/cells/vm-bookworm-ipv4-default.json" | head -1), accel $(awk 'f{print;exit} /^-accel$/{f=1}' "$args"), 2 families x 1 variant per boot)"
floor=() agent=()
for i in $(seq "$runs"); do
  floor+=("$(boot "$work/floor.cpio.gz")")
  : > "$work/results.txt"; agent+=("$(boot "$initrd")")
  # one frame for the variant + the final done frame
  [ "$(grep -c MPTCPMATRIX-END "$work/results.txt")" -ge 2 ] || { echo "agent boot $i returned no result frames (see $work/console.log)" >&2; exit 1; }
done
printf 'floor (init powers off):  '; printf '%s\n' "${floor[@]}" | stats; echo
printf 'agent (both families):    '; printf '%s\n' "${agent[@]}" | stats; echo
fm=$(printf '%s\n' "${floor[@]}" | median); am=$(printf '%s\n' "${agent[@]}" | median)
echo "ratio agent/floor (medians): $(echo "scale=2; $am / $fm" | bc)  (goal <= 1.15)"

echo "== 2. whole default matrix (matrix.yml), warm cache"
./matrix run --out "$work/warmup" >/dev/null 2>&1 || true
s=$(now); ./matrix run --out "$work/all" > "$work/all.txt" 2>&1 || true; e=$(now)
echo "wall $(echo "$e - $s" | bc) s (goal <= 15 s): $(grep -E '^[0-9]+ cells:' "$work/all.txt")"

echo "== 3. virtme-ng vs vm backend, generic 6.1 kernel, both families in one boot"
if ! command -v vng >/dev/null; then echo "vng not installed: skipped (see docs/vm.md)"; exit 0; fi
kdir=$(grep -l '"flavour": "generic"' ~/.cache/mptcpmatrix/kernels/*/manifest.json 2>/dev/null | head -1 | xargs dirname)
rel=$(sed -n 's/.*"release": "\(.*\)".*/\1/p' "$kdir/manifest.json")
mkdir -p "$work/vroot/boot" "$work/vroot/lib/modules" "$work/vout"
ln -s "$kdir/vmlinuz" "$work/vroot/boot/vmlinuz-$rel"; ln -s "$kdir/root/lib/modules/$rel" "$work/vroot/lib/modules/$rel"
vm=() vng=()
for i in $(seq "$runs"); do
  s=$(now)
  (cd / && vng --run "$work/vroot/boot/vmlinuz-$rel" --disable-kvm --cpus 1 --memory 512M --rwdir "$work/vout" \
     --exec "$root/artifacts/agent/bin/mptcp-agent --family all --new-netns --quiet --output $work/vout/r.json" </dev/null >/dev/null 2>&1)
  e=$(now); vng+=("$(echo "$e - $s" | bc)")
  mapfile -t gbase < <(printf '%s\n' "${base[@]}" | sed "s#^/.*/vmlinuz\$#$kdir/vmlinuz#")
  s=$(now)
  qemu-system-x86_64 "${gbase[@]}" -initrd "$initrd" -serial "file:$work/gconsole.log" -serial "file:$work/gresults.txt" >/dev/null 2>&1
  e=$(now); vm+=("$(echo "$e - $s" | bc)")
done
printf 'virtme-ng: '; printf '%s\n' "${vng[@]}" | stats; echo
printf 'vm:        '; printf '%s\n' "${vm[@]}" | stats; echo
echo "speed-up (medians): $(echo "scale=1; $(printf '%s\n' "${vng[@]}" | median) / $(printf '%s\n' "${vm[@]}" | median)" | bc)x (goal >= 3.5x)"
