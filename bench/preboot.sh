#!/usr/bin/env bash
# Benchmark: how long `./matrix run` of one VM kernel (all its cells, one boot) takes, warm, from the command's start to
# the start of the QEMU that boots the guest (issue 13: goal <= 0.25 s), and where that time goes.
#   A shim named qemu-system-x86_64 first on PATH logs the time of every QEMU start ($EPOCHREALTIME, then exec: ~3 ms of
#   bash) with its arguments, so the boot's start is told apart from any identification run of QEMU before it.
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
printf '#!/bin/bash\necho "$EPOCHREALTIME $*" >>"%s"\nexec "%s" "$@"\n' "$work/qemu.log" "$qemu" >"$work/bin/qemu-system-x86_64"
chmod +x "$work/bin/qemu-system-x86_64"

one() { # one CHECKOUT NAME -> prints "seconds-to-the-boot-QEMU QEMU-starts-before-it"
  : >"$work/qemu.log"
  local start=$EPOCHREALTIME
  (cd "$1" && PATH=$work/bin:$PATH MPTCPMATRIX_TRACE=1 ./matrix run --filter "kernel=$kernel,backend=vm" --out "$work/r-$2" >/dev/null 2>"$work/trace-$2") ||
    { echo "bench: run $2 in $1 failed:" >&2; cat "$work/trace-$2" >&2; exit 1; }
  awk -v s="$start" '/ -kernel / && !b {b=$1} !/ -kernel / {n++} END {printf "%.3f %d\n", b-s, n}' "$work/qemu.log"
}
stats() { # stats FILE -> "median (min-max)"
  sort -n "$1" | awk '{a[NR]=$1} END {printf "median %.3f s (%.3f-%.3f, %d runs)", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg) before"
[ -z "$other" ] || one "$other" warm-other >/dev/null
one "$root" warm >/dev/null
: >"$work/this"; : >"$work/other"; : >"$work/diff"
for ((i = 1; i <= runs; i++)); do
  if [ -n "$other" ]; then
    read -r o n_o < <(one "$other" "o$i")
    echo "$o" >>"$work/other"
  fi
  read -r t n_t < <(one "$root" "$i")
  echo "$t" >>"$work/this"
  if [ -n "$other" ]; then
    echo "$t - $o" | bc -l >>"$work/diff"
    printf 'run %d: this %.3f s (%d QEMU start(s) before the boot), other %.3f s (%d)\n' "$i" "$t" "$n_t" "$o" "$n_o"
  else
    printf 'run %d: %.3f s to the boot QEMU (%d QEMU start(s) before it)\n' "$i" "$t" "$n_t"
  fi
done
echo "this:  $(stats "$work/this")"
[ -z "$other" ] || { echo "other: $(stats "$work/other")"; echo "paired this - other: $(stats "$work/diff")"; }
echo "load $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "trace of the last run:"
grep '^trace:' "$work/trace-$runs" | grep -v ' ms, ' || echo "  (no trace lines: this build has no MPTCPMATRIX_TRACE for run)"
