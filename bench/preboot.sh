#!/usr/bin/env bash
# Benchmark: how long `./matrix run` of one VM kernel (all its cells, one boot) takes, warm, from the command's start to
# the start of the QEMU that boots the guest (issue 13: goal <= 0.25 s), and where that time goes.
#   A shim named qemu-system-x86_64 first on PATH logs the time of every QEMU start ($EPOCHREALTIME, then exec: ~3 ms of
#   bash) with its arguments, so the boot's start is told apart from any identification run of QEMU before it, and the
#   CPU time the command has used by then (/proc/PPID/stat: utime+stime+cutime+cstime of the orchestrator, which the
#   wrapper exec'd into, with its waited-for children such as the wrapper's find; 10 ms ticks). On a loaded machine the
#   wall time mostly measures the other jobs; the CPU time is what this command costs.
#   The command's start is taken in this script just before `./matrix` (the wrapper's freshness check is included).
#   One warm-up run per checkout first (fills the kernel, PVH and initramfs caches, builds what is stale); then RUNS runs.
#   With OTHER (another checkout of this repository, built: e.g. `git worktree add /tmp/base main && /tmp/base/matrix schema`)
#   the runs alternate OTHER, this, OTHER, this... and the paired difference (this - OTHER) is printed too: on a shared,
#   noisy machine only paired figures compare two builds.
#   MPTCPMATRIX_TRACE=1 is set: the orchestrator's own phases (ms since the command started) of the last run are printed.
# Usage: bench/preboot.sh [RUNS (default 7)] [KERNEL (default trixie)] [OTHER]
set -euo pipefail
runs=${1:-7}
kernel=${2:-trixie}
other=${3:-}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/mptcpmatrix-preboot-XXXXXX)
trap 'rm -rf "$work"' EXIT
qemu=$(command -v qemu-system-x86_64) || { echo "bench: needs qemu-system-x86_64 (apt-get install qemu-system-x86)" >&2; exit 2; }
mkdir -p "$work/bin"
printf '#!/bin/bash\nread -ra st </proc/$PPID/stat\necho "$EPOCHREALTIME $(( (st[13] + st[14] + st[15] + st[16]) * 1000 / $(getconf CLK_TCK) )) $*" >>"%s"\nexec "%s" "$@"\n' "$work/qemu.log" "$qemu" >"$work/bin/qemu-system-x86_64"
chmod +x "$work/bin/qemu-system-x86_64"

one() { # one CHECKOUT NAME -> prints "seconds-to-the-boot-QEMU QEMU-starts-before-it CPU-ms-by-then"
  : >"$work/qemu.log"
  local start=$EPOCHREALTIME
  (cd "$1" && PATH=$work/bin:$PATH MPTCPMATRIX_TRACE=1 ./matrix run --filter "kernel=$kernel,backend=vm" --out "$work/r-$2" >/dev/null 2>"$work/trace-$2") ||
    { echo "bench: run $2 in $1 failed:" >&2; cat "$work/trace-$2" >&2; exit 1; }
  awk -v s="$start" '/ -kernel / && !b {b=$1; c=$2} !/ -kernel / {n++} END {printf "%.3f %d %d\n", b-s, n, c}' "$work/qemu.log"
}
stats() { # stats FILE [UNIT] -> "median (min-max)"
  sort -n "$1" | awk -v u="${2:-s}" '{a[NR]=$1} END {f = u == "s" ? "%.3f" : "%d"; printf "median " f " %s (" f " to " f ", %d runs)", a[int((NR+1)/2)], u, a[1], a[NR], NR}'
}

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg) before"
[ -z "$other" ] || one "$other" warm-other >/dev/null
one "$root" warm >/dev/null
: >"$work/this"; : >"$work/other"; : >"$work/diff"; : >"$work/cpu-this"; : >"$work/cpu-other"; : >"$work/cpu-diff"
for ((i = 1; i <= runs; i++)); do
  if [ -n "$other" ]; then
    read -r o n_o c_o < <(one "$other" "o$i")
    echo "$o" >>"$work/other"; echo "$c_o" >>"$work/cpu-other"
  fi
  read -r t n_t c_t < <(one "$root" "$i")
  echo "$t" >>"$work/this"; echo "$c_t" >>"$work/cpu-this"
  if [ -n "$other" ]; then
    echo "$t - $o" | bc -l >>"$work/diff"; echo "$c_t - $c_o" | bc >>"$work/cpu-diff"
    printf 'run %d: this %.3f s, %d ms CPU (%d QEMU start(s) before the boot); other %.3f s, %d ms CPU (%d)\n' "$i" "$t" "$c_t" "$n_t" "$o" "$c_o" "$n_o"
  else
    printf 'run %d: %.3f s to the boot QEMU, %d ms CPU (%d QEMU start(s) before it)\n' "$i" "$t" "$c_t" "$n_t"
  fi
done
echo "this:  $(stats "$work/this"), CPU $(stats "$work/cpu-this" ms)"
[ -z "$other" ] || { echo "other: $(stats "$work/other"), CPU $(stats "$work/cpu-other" ms)"
  echo "paired this - other: $(stats "$work/diff"), CPU $(stats "$work/cpu-diff" ms)"; }
echo "load $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "trace of the last run:"
grep '^trace:' "$work/trace-$runs" | grep -v ' ms, ' || echo "  (no trace lines: this build has no MPTCPMATRIX_TRACE for run)"
