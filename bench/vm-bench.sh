#!/usr/bin/env bash
# VM backend benchmark (TCG unless the host's KVM works): prints the figures docs/vm.md records.
#   1. per cell: boot-to-verdict of the agent's initramfs against the physical floor, a bare boot of the same kernel
#      whose init only powers off (static C, same QEMU arguments, same kernel command line);
#   2. the whole default matrix (./matrix run, matrix.yml) with a warm cache;
#   3. virtme-ng (vng --run, both families in one boot) against the vm backend (both families in one boot), same generic
#      6.1 kernel.
#   Then, from RUNS more boots with mptcpmatrix.trace=1 (the agent's stage markers in /dev/kmsg, see
#   src/Agent/Init/BootTrace.cs), where the agent's time goes, by the guest kernel's own clock.
#   4. a user's command for one VM kernel (trixie, all its cells in one boot), warm, against that kernel's bare boot
#      with the issue's QEMU arguments (bzImage, command line without the boot shortcuts).
# Usage: bench/vm-bench.sh [RUNS] [PARTS]   (default 5, "1 2 3"; part 4 on request). Needs: qemu-system-x86, gcc, cpio, bc; virtme-ng for part 3.
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
# The run's -name named that (finished) run as the QEMU's owner: any other matrix run's orphan sweep would kill these
# boots at once. Name this script instead (pid and start time, as QemuOrphans reads them).
owner="mptcpmatrix-owner-$$-$(sed 's/.*) //' /proc/$$/stat | cut -d' ' -f20)"
# args_of LOGDIR [KERNEL]: that cell's QEMU arguments without its -serial/-initrd files, owned by this script, one per
# line; with KERNEL, that -kernel instead.
args_of() {
  awk -v o="$owner" -v k="${2:-}" 'skip{skip=0;next} /^-serial$|^-initrd$/{skip=1;next} swap{swap=0; if (k != "") {print k; next}}
       /^-kernel$/{swap=1} /^mptcpmatrix-owner-/{print o; next} {print}' "$1/qemu-args.txt"
}
kernel_of() { awk 'f{print;exit} /^-kernel$/{f=1}' "$1/qemu-args.txt"; } # kernel_of LOGDIR: that cell's -kernel
# bz_of PVH: the cached bzImage a PVH vmlinux was extracted from (pvh/<bzImage sha256>.vmlinux; manifest vmlinuz_sha256).
bz_of() { echo "$(dirname "$(grep -l "\"vmlinuz_sha256\": \"$(basename "$1" .vmlinux)\"" ~/.cache/mptcpmatrix/kernels/*/manifest.json | head -1)")/vmlinuz"; }
# The run boots the extracted vmlinux through PVH (boot-entry.txt); the same arguments with the bzImage are the old entry.
mapfile -t base < <(args_of "$logs")
base_pvh=("${base[@]}")
mapfile -t base_bz < <(args_of "$logs" "$(bz_of "$(kernel_of "$logs")")")
# Issue 13's floor is a bare boot with the QEMU arguments of its day: the same, without the boot shortcuts the kernel
# command line has had since (BootPlan.BootShortcuts: cryptomgr.notests=1 noreplace-smp).
old_cmdline() { printf '%s\n' "$@" | sed '/^console=/{s/ cryptomgr\.notests=1//; s/ noreplace-smp//}'; }
mapfile -t old_bz < <(old_cmdline "${base_bz[@]}")
mapfile -t old_pvh < <(old_cmdline "${base_pvh[@]}")

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
boot() { # boot INITRD [pvh|bz|old-pvh|old-bz] -> seconds (old-*: the issue's command line, without the boot shortcuts)
  local s e which=${2:-pvh}; local name=base_$which; [[ $which == old-* ]] && name=old_${which#old-}; local -n a=$name
  s=$(now)
  timeout 120 qemu-system-x86_64 "${a[@]}" -initrd "$1" -serial "file:$work/console.log" -serial "file:$work/results.txt" >/dev/null 2>&1
  e=$(now); echo "$e - $s" | bc
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "median %.2f s (min %.2f, max %.2f, n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pair() { # pair A B: the median (min, max) of A[i] / B[i], two arrays of one round each
  local -n a=$1 b=$2; for i in "${!a[@]}"; do echo "scale=4; ${a[$i]} / ${b[$i]}" | bc; done | sort -n | awk '{v[NR]=$1} END {printf "%.2f (min %.2f, max %.2f)", v[int((NR+1)/2)], v[1], v[NR]}'
}

if part 1; then
echo "== 1. boot-to-verdict vs floor (bookworm $(sed -n 's/.*"release": "\(.*\)".*/\1/p' "$work/one/cells/vm-bookworm-ipv4-default.json" | head -1), accel $(awk 'f{print;exit} /^-accel$/{f=1}' "$args"), 2 families x 1 variant per boot)"
floor=() floorpvh=() floornew=() agent=() agentbz=()
agent_boot() { # agent_boot ENTRY ROUND -> seconds; fails the bench when the boot returned no result frames
  : > "$work/results.txt"; local t; t=$(boot "$initrd" "$1")
  [ "$(grep -c MPTCPMATRIX-END "$work/results.txt")" -ge 2 ] || { cp "$work/console.log" /tmp/vm-bench-failed-console.log; echo "agent boot $2 ($1) returned no result frames (console: /tmp/vm-bench-failed-console.log)" >&2; exit 1; }
  echo "$t"
}
for i in $(seq "$runs"); do
  # One round = the five boots back to back; ratios are taken within a round (the machine's speed drifts between rounds).
  floor+=("$(boot "$work/floor.cpio.gz" old-bz)")
  agent+=("$(agent_boot pvh "$i")")
  floorpvh+=("$(boot "$work/floor.cpio.gz" old-pvh)")
  agentbz+=("$(agent_boot bz "$i")")
  floornew+=("$(boot "$work/floor.cpio.gz" pvh)")
done
printf "floor, bzImage, the issue's command line: "; printf '%s\n' "${floor[@]}" | stats; echo
printf "floor, PVH, the issue's command line:     "; printf '%s\n' "${floorpvh[@]}" | stats; echo
printf 'floor, PVH, the command line of a run:    '; printf '%s\n' "${floornew[@]}" | stats; echo
printf 'agent, bzImage (both families):           '; printf '%s\n' "${agentbz[@]}" | stats; echo
printf 'agent, PVH vmlinux (the default):         '; printf '%s\n' "${agent[@]}" | stats; echo
echo "agent PVH / floor bzImage (median of $runs rounds): $(pair agent floor)  (goal <= 0.80)"
echo "agent bzImage / floor bzImage:                      $(pair agentbz floor)"
echo "agent PVH / floor PVH (the issue's command line):   $(pair agent floorpvh)"
echo "agent PVH / floor PVH (the same command line):      $(pair agent floornew)"

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
      m ~ /^reboot: (Power down|Restarting system)/ { printf "%s 4 power-off %.4f\n", w, t - prev; printf "%s 5 init-to-off %.4f\n", w, t - init }
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
echo "== 2. whole default matrix (matrix.yml), warm cache, against its kernels' bare PVH boots (same command line) / $(nproc) cores"
./matrix run --out "$work/warmup" >/dev/null 2>&1 || true
walls=() ratios=()
for i in $(seq "$runs"); do
  rm -rf "$work/all"
  s=$(now); ./matrix run --out "$work/all" > "$work/all.txt" 2>&1 || true; e=$(now)
  wall=$(echo "$e - $s" | bc); sum=0
  # One bare boot per VM kernel of the matrix (its first cell's arguments), right after the run: the round's floor.
  for d in $(ls -d "$work"/all/logs/vm-*-ipv4-default 2>/dev/null); do
    mapfile -t a < <(args_of "$d")
    s=$(now); timeout 120 qemu-system-x86_64 "${a[@]}" -initrd "$work/floor.cpio.gz" -serial "file:$work/mconsole.log" -serial null >/dev/null 2>&1; e=$(now)
    sum=$(echo "$sum + $e - $s" | bc)
  done
  walls+=("$wall"); ratios+=("$(echo "scale=4; $wall / ($sum / $(nproc))" | bc)")
done
printf 'wall: '; printf '%s\n' "${walls[@]}" | stats; echo "  (goal <= 15 s): $(grep -E '^[0-9]+ cells:' "$work/all.txt")"
printf 'wall / (sum of bare PVH boots / cores), per round: '; printf '%s\n' "${ratios[@]}" | stats; echo "  (goal <= 1.15)"
fi

if part 4; then
echo "== 4. one VM kernel as a user runs it (./matrix run --filter kernel=trixie,backend=vm, warm) against the issue's floor of that kernel (bzImage, its command line)"
./matrix run --filter kernel=trixie,backend=vm --out "$work/t" >/dev/null
mapfile -t a < <(args_of "$work/t/logs/vm-trixie-ipv4-default" "$(bz_of "$(kernel_of "$work/t/logs/vm-trixie-ipv4-default")")")
mapfile -t a < <(old_cmdline "${a[@]}")
cmd=() fl=()
for i in $(seq "$runs"); do
  rm -rf "$work/t"
  s=$(now); ./matrix run --filter kernel=trixie,backend=vm --out "$work/t" >/dev/null; e=$(now); cmd+=("$(echo "$e - $s" | bc)")
  s=$(now); timeout 120 qemu-system-x86_64 "${a[@]}" -initrd "$work/floor.cpio.gz" -serial "file:$work/tconsole.log" -serial null >/dev/null 2>&1; e=$(now); fl+=("$(echo "$e - $s" | bc)")
done
printf 'command: '; printf '%s\n' "${cmd[@]}" | stats; echo
printf 'floor:   '; printf '%s\n' "${fl[@]}" | stats; echo
echo "command / floor, per round: $(pair cmd fl)  (goal <= 0.90)"
fi
part 3 || exit 0

echo "== 3. virtme-ng vs vm backend, generic 6.1 kernel, both families in one boot"
if ! command -v vng >/dev/null; then echo "vng not installed: skipped (see docs/vm.md)"; exit 0; fi
kdir=$(grep -l '"flavour": "generic"' ~/.cache/mptcpmatrix/kernels/*/manifest.json 2>/dev/null | head -1 | xargs dirname)
rel=$(sed -n 's/.*"release": "\(.*\)".*/\1/p' "$kdir/manifest.json")
mkdir -p "$work/vroot/boot" "$work/vroot/lib/modules" "$work/vout"
ln -s "$kdir/vmlinuz" "$work/vroot/boot/vmlinuz-$rel"; ln -s "$kdir/root/lib/modules/$rel" "$work/vroot/lib/modules/$rel"
# The vm backend boots the generic kernel as it boots any other: ask a run which entry (PVH vmlinux or bzImage) it took.
cat > "$work/generic.yml" <<YML
kernels: [ { name: generic, source: debian, suite: bookworm, flavour: generic } ]
families: [ipv4]
backends: [vm]
timeout: 120
YML
./matrix run --config "$work/generic.yml" --out "$work/generic" >/dev/null
gkernel=$(kernel_of "$work/generic/logs/vm-generic-ipv4-default")
echo "vm backend's entry for the generic kernel: $(cut -d: -f1 "$work/generic/logs/vm-generic-ipv4-default/boot-entry.txt")"
vm=() vng=()
for i in $(seq "$runs"); do
  s=$(now)
  (cd / && vng --run "$work/vroot/boot/vmlinuz-$rel" --disable-kvm --cpus 1 --memory 512M --rwdir "$work/vout" \
     --exec "$root/artifacts/agent/bin/mptcp-agent --family all --new-netns --quiet --output $work/vout/r.json" </dev/null >/dev/null 2>&1)
  e=$(now); vng+=("$(echo "$e - $s" | bc)")
  mapfile -t gbase < <(args_of "$logs" "$gkernel")
  s=$(now)
  qemu-system-x86_64 "${gbase[@]}" -initrd "$initrd" -serial "file:$work/gconsole.log" -serial "file:$work/gresults.txt" >/dev/null 2>&1
  e=$(now); vm+=("$(echo "$e - $s" | bc)")
done
printf 'virtme-ng: '; printf '%s\n' "${vng[@]}" | stats; echo
printf 'vm:        '; printf '%s\n' "${vm[@]}" | stats; echo
echo "speed-up (medians): $(echo "scale=1; $(printf '%s\n' "${vng[@]}" | median) / $(printf '%s\n' "${vm[@]}" | median)" | bc)x (goal >= 6x, issue 13)"
