#!/usr/bin/env bash
# VM backend benchmark (TCG unless the host's KVM works): prints the figures docs/vm.md records.
#   1. per cell: boot-to-verdict of the agent's initramfs against the physical floor, a bare boot of the same kernel
#      whose init only powers off (static C, same QEMU arguments, same kernel command line);
#   2. the whole default matrix (./matrix run, matrix.yml) with a warm cache;
#   3. virtme-ng (vng --run, both families in one boot) against the vm backend (both families in one boot), same generic
#      6.1 kernel.
#   Then, from RUNS more boots with mptcpmatrix.trace=1 (the agent's stage markers in /dev/kmsg, see
#   src/Agent/Init/BootTrace.cs), where the agent's time goes, by the guest kernel's own clock.
# Usage: bench/vm-bench.sh [RUNS] [PARTS]   (default 5, "1 2 3"). Needs: qemu-system-x86, gcc, cpio, bc; virtme-ng for part 3.
set -euo pipefail
runs=${1:-5}
parts=${2:-1 2 3}
part() { [[ " $parts " == *" $1 "* ]]; }
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
logs=$work/one/logs/vm-bookworm-ipv4-default
args=$logs/qemu-args.txt
# The run's -initrd was a per-boot temp file: the cached agent archive (initramfs-base.txt), NUL-padded to 4 bytes, then a
# cpio archive holding /init-plan.json (docs/vm.md). Rebuilt the same way here, for boots with the same plan.
initrd=$work/agent-boot.cpio
cp "$(cat "$logs/initramfs-base.txt")" "$initrd" && truncate -s %4 "$initrd"
(cd "$logs" && echo init-plan.json | cpio -o -H newc --quiet) >> "$initrd"
mapfile -t base < <(awk 'skip{skip=0;next} /^-serial$|^-initrd$/{skip=1;next} {print}' "$args")
# The run's -name named that (finished) run as the QEMU's owner: any other matrix run's orphan sweep would kill these
# boots at once. Name this script instead (pid and start time, as QemuOrphans reads them).
owner="mptcpmatrix-owner-$$-$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f20)"
for k in "${!base[@]}"; do [[ ${base[$k]} == mptcpmatrix-owner-* ]] && base[$k]=$owner; done
# The run boots the extracted vmlinux through PVH (boot-entry.txt); the same arguments with the bzImage are the old entry.
bzimage=$(dirname "$(grep -l '"source": "debian:bookworm"' ~/.cache/mptcpmatrix/kernels/*/manifest.json | head -1)")/vmlinuz
with_kernel() { # with_kernel PATH -> the run's QEMU arguments with -kernel PATH, one per line
  printf '%s\n' "${base[@]}" | awk -v k="$1" 'swap{print k; swap=0; next} /^-kernel$/{swap=1} {print}'
}
mapfile -t base_pvh < <(with_kernel "$(awk 'f{print;exit} /^-kernel$/{f=1}' "$args")")
mapfile -t base_bz < <(with_kernel "$bzimage")

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
boot() { # boot INITRD [pvh|bz] -> seconds (and checks that the agent's boot returned its frames)
  local s e; s=$(now)
  if [ "${2:-pvh}" = bz ]; then
    qemu-system-x86_64 "${base_bz[@]}" -initrd "$1" -serial "file:$work/console.log" -serial "file:$work/results.txt" >/dev/null 2>&1
  else
    qemu-system-x86_64 "${base_pvh[@]}" -initrd "$1" -serial "file:$work/console.log" -serial "file:$work/results.txt" >/dev/null 2>&1
  fi
  e=$(now); echo "$e - $s" | bc
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f s (min %.2f, max %.2f, n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

if part 1; then
echo "== 1. boot-to-verdict vs floor (bookworm $(sed -n 's/.*"release": "\(.*\)".*/\1/p' "$work/one/cells/vm-bookworm-ipv4-default.json" | head -1), accel $(awk 'f{print;exit} /^-accel$/{f=1}' "$args"), 2 families x 1 variant per boot)"
floor=() floorpvh=() agent=() agentbz=()
for i in $(seq "$runs"); do
  # One round = the four boots back to back; ratios are taken within a round (the machine's speed drifts between rounds).
  floor+=("$(boot "$work/floor.cpio.gz" bz)")
  : > "$work/results.txt"; agent+=("$(boot "$initrd" pvh)")
  [ "$(grep -c MPTCPMATRIX-END "$work/results.txt")" -ge 2 ] || { cp "$work/console.log" /tmp/vm-bench-failed-console.log; echo "agent boot $i (pvh) returned no result frames (console: /tmp/vm-bench-failed-console.log)" >&2; exit 1; }
  floorpvh+=("$(boot "$work/floor.cpio.gz" pvh)")
  : > "$work/results.txt"; agentbz+=("$(boot "$initrd" bz)")
  [ "$(grep -c MPTCPMATRIX-END "$work/results.txt")" -ge 2 ] || { cp "$work/console.log" /tmp/vm-bench-failed-console.log; echo "agent boot $i (bzImage) returned no result frames (console: /tmp/vm-bench-failed-console.log)" >&2; exit 1; }
done
printf 'floor, bzImage (init powers off): '; printf '%s\n' "${floor[@]}" | stats; echo
printf 'floor, PVH vmlinux:               '; printf '%s\n' "${floorpvh[@]}" | stats; echo
printf 'agent, bzImage (both families):   '; printf '%s\n' "${agentbz[@]}" | stats; echo
printf 'agent, PVH vmlinux (the default): '; printf '%s\n' "${agent[@]}" | stats; echo
pair() { local -n a=$1 b=$2; for i in "${!a[@]}"; do echo "scale=4; ${a[$i]} / ${b[$i]}" | bc; done | sort -n | awk '{v[NR]=$1} END {printf "%.2f (min %.2f, max %.2f)", v[int((NR+1)/2)], v[1], v[NR]}'; }
echo "agent PVH / floor bzImage (median of $runs rounds): $(pair agent floor)  (goal <= 0.80)"
echo "agent bzImage / floor bzImage:                      $(pair agentbz floor)"
echo "agent PVH / floor PVH:                              $(pair agent floorpvh)"

echo "== 1b. where the boot goes (guest clock, medians of $runs traced boots; the floor's init->off is sync + ACPI power-off)"
traced=("${base[@]}")
for k in "${!traced[@]}"; do [[ ${traced[$k]} == console=* ]] && traced[$k]="${traced[$k]} mptcpmatrix.trace=1 printk.devkmsg=on"; done
: > "$work/stages.txt"
for i in $(seq "$runs"); do
  for which in floor agent; do
    rd=$initrd; [ "$which" = floor ] && rd=$work/floor.cpio.gz
    qemu-system-x86_64 "${traced[@]}" -initrd "$rd" -serial "file:$work/tconsole.log" -serial "file:$work/tresults.txt" >/dev/null 2>&1
    # "[  t] message" lines: stage durations from the kernel's timestamps
    awk -v w="$which" '
      { if (!match($0, /^\[ *[0-9.]+\]/)) next; t = substr($0, 2, RLENGTH - 2) + 0; m = substr($0, RLENGTH + 2) }
      m ~ /^Trying to unpack rootfs/ { u0 = t } m ~ /^Freeing initrd memory/ { printf "%s 0 unpack-initramfs %.4f\n", w, t - u0 }
      m ~ /^Run \/init as init process/ { init = t; prev = t; printf "%s 1 kernel-to-init %.4f\n", w, t }
      m ~ /^mptcp-agent: main entered/ { split(m, a, " "); main = t - a[4] / 1000; printf "%s 2 exec+runtime-to-main %.4f\n", w, main - init; prev = main }
      m ~ /^mptcp-agent: / && m !~ /main entered/ { s = m; sub(/^mptcp-agent: /, "", s); sub(/ \(.*/, "", s); gsub(/variant [^ :]+/, "variant", s); gsub(/ /, "-", s); n[s]++; printf "%s 3 %s#%d %.4f\n", w, s, n[s], t - prev; prev = t }
      m ~ /^reboot: Power down/ { printf "%s 4 power-off %.4f\n", w, t - prev; printf "%s 5 init-to-off %.4f\n", w, t - init }
    ' "$work/tconsole.log" >> "$work/stages.txt"
  done
done
grep -q "^agent 2 exec+runtime-to-main" "$work/stages.txt" || echo "  (no agent stage markers in the traced boots: is the initramfs's agent older than mptcpmatrix.trace=1?)"
awk '
  { key = $1 " " $3; if (!(key in n)) order[++k] = key; v[key, ++n[key]] = $4 }
  END { for (i = 1; i <= k; i++) { key = order[i]; c = n[key]; for (a = 1; a <= c; a++) s[a] = v[key, a];
          for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (s[b] < s[a]) { x = s[a]; s[a] = s[b]; s[b] = x }
          split(key, p, " "); printf "  %-6s %-34s %7.3f s\n", p[1], p[2], s[int((c + 1) / 2)] } }' "$work/stages.txt"
fi

if part 2; then
echo "== 2. whole default matrix (matrix.yml), warm cache"
./matrix run --out "$work/warmup" >/dev/null 2>&1 || true
s=$(now); ./matrix run --out "$work/all" > "$work/all.txt" 2>&1 || true; e=$(now)
echo "wall $(echo "$e - $s" | bc) s (goal <= 15 s): $(grep -E '^[0-9]+ cells:' "$work/all.txt")"
fi
part 3 || exit 0

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
  mapfile -t gbase < <(with_kernel "$kdir/vmlinuz")
  s=$(now)
  qemu-system-x86_64 "${gbase[@]}" -initrd "$initrd" -serial "file:$work/gconsole.log" -serial "file:$work/gresults.txt" >/dev/null 2>&1
  e=$(now); vm+=("$(echo "$e - $s" | bc)")
done
printf 'virtme-ng: '; printf '%s\n' "${vng[@]}" | stats; echo
printf 'vm:        '; printf '%s\n' "${vm[@]}" | stats; echo
echo "speed-up (medians): $(echo "scale=1; $(printf '%s\n' "${vng[@]}" | median) / $(printf '%s\n' "${vm[@]}" | median)" | bc)x (goal >= 3.5x)"
