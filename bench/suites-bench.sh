#!/usr/bin/env bash
# What the support suites (sockopts, inq, fallback) cost beside the selftest; prints the figures the README records.
#   1. host: the agent in a fresh network namespace, both families, --suite selftest against all suites (wall time of
#      the process, and the report's own duration_ms); goal: all suites within 3x the selftest.
#   2. VM under TCG: the same initramfs and kernel booted with two plans (/init-plan.json suites [selftest] and all
#      four), traced (mptcpmatrix.trace=1), by the guest kernel's clock from "Run /init" to "reboot: Power down" (or "Restarting system": a kernel without ACPI);
#      goal: all suites add at most 0.15 s for both families.
#   With BASELINE_AGENT=/path/to/another/static/mptcp-agent, part 2 also boots the all-suites plan with that agent as
#      /init in each round (selftest, baseline, all alternate) and prints the paired median of this agent minus it.
# Usage: bench/suites-bench.sh [RUNS] [KERNEL] [PARTS]   (default 9, trixie, "1 2"). Needs: qemu-system-x86, cpio, jq, bc.
set -euo pipefail
runs=${1:-9}
kernel=${2:-trixie}
parts=${3:-1 2}
part() { [[ " $parts " == *" $1 "* ]]; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/mptcpmatrix-suitesbench-XXXXXX)
trap '[ "${keep:-0}" = 1 ] || rm -rf "$work"' EXIT
cd "$root"
agent=artifacts/agent/bin/mptcp-agent
[ -x "$agent" ] || scripts/build-agent.sh >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

if part 1; then
echo "== 1. host ($(uname -r)), both families, $runs runs each (alternating, so the machine's drift hits both alike), medians"
: > "$work/selftest.wall"; : > "$work/selftest.agent"; : > "$work/all.wall"; : > "$work/all.agent"
for i in $(seq "$runs"); do
  for which in selftest all; do
    args=(--suite selftest); [ "$which" = all ] && args=()
    s=$(now)
    unshare -n sh -c "ip link set lo up && $agent --quiet --seed $i --output $work/$which.json ${args[*]}"
    e=$(now)
    echo "($e - $s) * 1000" | bc >> "$work/$which.wall"
    jq .duration_ms "$work/$which.json" >> "$work/$which.agent"
  done
done
for which in selftest all; do
  printf '%-9s wall %6.1f ms, agent duration_ms %6.1f, checks %s\n' "$which" "$(median < "$work/$which.wall")" "$(median < "$work/$which.agent")" \
    "$(jq '[.families[].checks | length] | add' "$work/$which.json")"
done
echo "ratio all/selftest (wall): $(echo "scale=2; $(median < "$work/all.wall") / $(median < "$work/selftest.wall")" | bc)  (goal <= 3)"
echo "ratio all/selftest (duration_ms): $(echo "scale=2; $(median < "$work/all.agent") / $(median < "$work/selftest.agent")" | bc)"
fi
part 2 || exit 0

echo "== 2. VM ($kernel, TCG), both families, $runs traced boots per plan, guest clock"
cat > "$work/one.yml" <<YML
kernels: [ { name: $kernel, source: debian, suite: $kernel } ]
families: [ipv4]
backends: [vm]
vm: { accel: tcg }
timeout: 120
YML
./matrix run --config "$work/one.yml" --out "$work/one" >/dev/null
logs=$work/one/logs/vm-$kernel-ipv4-default
# Without the run's -name: it names the run's (now dead) orchestrator as the owner, so another run's orphan sweep
# (QemuOrphans) would kill these boots.
mapfile -t base < <(awk 'skip{skip=0;next} /^-serial$|^-initrd$|^-name$/{skip=1;next} {print}' "$logs/qemu-args.txt")
for k in "${!base[@]}"; do [[ ${base[$k]} == console=* ]] && base[$k]="${base[$k]} mptcpmatrix.trace=1 printk.devkmsg=on"; done
# As a matrix boot: the all-suites boot also loads the diag modules the sockopts suite needs (the run's guest-modules.txt,
# their host-decompressed copies) through /init-extras.json; a selftest-only boot loads none.
mapfile -t modules < <([ -f "$logs/guest-modules.txt" ] && sed -E 's/.*\(decompressed: (.*)\)$/\1/' "$logs/guest-modules.txt")
for which in selftest all; do
  mkdir -p "$work/plan-$which"
  suites='["selftest"]'; [ "$which" = all ] && suites='["selftest","sockopts","inq","fallback"]'
  jq -c --argjson s "$suites" '.variants[0].families = ["ipv4","ipv6"] | .suites = $s' "$logs/init-plan.json" > "$work/plan-$which/init-plan.json"
  files=(init-plan.json)
  if [ "$which" = all ] && [ ${#modules[@]} -gt 0 ]; then
    mkdir -p "$work/plan-all/modules" && cp "${modules[@]}" "$work/plan-all/modules/"
    printf '%s\n' "${modules[@]}" | jq -R '"/modules/" + (split("/") | last)' | jq -cs '{modules: .}' > "$work/plan-all/init-extras.json"
    files+=(modules $(for m in "${modules[@]}"; do echo "modules/$(basename "$m")"; done) init-extras.json)
  fi
  printf '%s\n' "${files[@]}" > "$work/plan-$which/files"
  cp "$(cat "$logs/initramfs-base.txt")" "$work/$which.cpio" && truncate -s %4 "$work/$which.cpio"
  (cd "$work/plan-$which" && cpio -o -H newc --quiet < files) >> "$work/$which.cpio"
done
plans=(selftest all)
if [ -n "${BASELINE_AGENT:-}" ]; then
  # The same base archive with the other agent as /init, and the all-suites plan appended.
  mkdir -p "$work/base-baseline" && (cd "$work/base-baseline" && cpio -id --quiet < "$(cat "$logs/initramfs-base.txt")")
  cp "$BASELINE_AGENT" "$work/base-baseline/init"
  (cd "$work/base-baseline" && find . | sort | cpio -o -H newc --quiet) > "$work/baseline.cpio" && truncate -s %4 "$work/baseline.cpio"
  (cd "$work/plan-all" && cpio -o -H newc --quiet < files) >> "$work/baseline.cpio"
  plans=(selftest baseline all)
fi
for which in "${plans[@]}"; do : > "$work/$which.guest"; : > "$work/$which.frame"; done
for i in $(seq "$runs"); do
  for which in "${plans[@]}"; do   # alternating, so the machine's drift hits each alike
    qemu-system-x86_64 "${base[@]}" -initrd "$work/$which.cpio" -serial "file:$work/console.log" -serial "file:$work/results.txt" >/dev/null 2>&1
    grep -q MPTCPMATRIX-END "$work/results.txt" || { keep=1; echo "the $which boot returned no result frame (see $work/console.log)" >&2; exit 1; }
    awk '{ if (!match($0, /^\[ *[0-9.]+\]/)) next; t = substr($0, 2, RLENGTH - 2) + 0; m = substr($0, RLENGTH + 2) }
         m ~ /^Run \/init as init process/ { init = t } m ~ /^reboot: (Power down|Restarting system)/ { printf "%.4f\n", t - init }' "$work/console.log" >> "$work/$which.guest"
    # The result frame: the report serialized, compressed and written to the UART (the trace's last two stages).
    awk '{ if (!match($0, /^\[ *[0-9.]+\]/)) next; t = substr($0, 2, RLENGTH - 2) + 0; m = substr($0, RLENGTH + 2) }
         m ~ /mptcp-agent: summary written/ { s = t } m ~ /mptcp-agent: frame written/ { printf "%.4f\n", t - s }' "$work/console.log" >> "$work/$which.frame"
  done
done
sm=$(median < "$work/selftest.guest"); am=$(median < "$work/all.guest")
printf 'selftest only: /init to power-off %.3f s\nall suites:    /init to power-off %.3f s\n' "$sm" "$am"
for which in "${plans[@]}"; do printf '  %-9s result frame (serialize, compress, UART): %.3f s\n' "$which" "$(median < "$work/$which.frame")"; done
[ ${#modules[@]} -gt 0 ] && echo "  (the all-suites boots load ${#modules[@]} diag modules first, as a matrix boot does)"
echo "added by sockopts+inq+fallback, both families: $(echo "$am - $sm" | bc) s  (goal <= 0.15 s)"
paired() { paste "$work/$1.guest" "$work/$2.guest" | awk '{print $1 - $2}' | sort -n | awk '{a[NR]=$1} END {printf "%.3f (%.3f to %.3f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo "paired all - selftest: $(paired all selftest) s"
[ -n "${BASELINE_AGENT:-}" ] && echo "paired all - baseline agent's all: $(paired all baseline) s (baseline alone $(median < "$work/baseline.guest") s)"
exit 0
