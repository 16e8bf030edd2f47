#!/usr/bin/env bash
# Benchmark: the C reference selftest (mptcp_sockopt.c, compiled here into a temp dir) against the published
# NativeAOT agent, RUNS times each per family, alternating reference/agent, all sequentially inside ONE fresh
# network namespace (lo up, MPTCP on) made for the benchmark and deleted afterwards.
# Prints the median and p90 wall time per run, the mean CPU time (perf stat task-clock, when perf is installed),
# the ratio agent/reference of the median wall times and the peak RSS (/usr/bin/time %M).
# Goals: ratio <= 2.0, agent peak RSS <= 15 MB (exit 3 when missed).
#
# Usage: sudo bench/agent.sh [RUNS (default 50)]
# Env:   MPTCPMATRIX_AGENT (default artifacts/agent/bin/mptcp-agent; build it with scripts/build-agent.sh)
#        MPTCPMATRIX_REFERENCE (default ../shared/reference/mptcp_sockopt.c next to the repository)
set -euo pipefail

if [[ ${1:-} == --inside ]]; then
  # Runs inside the namespace: $2 runs, $3 reference binary, $4 agent binary, $5 output dir.
  runs=$2 ref=$3 agent=$4 out=$5
  for family in ipv4 ipv6; do
    ref_args=(); [[ $family == ipv6 ]] && ref_args=(-6)
    : >"$out/$family.reference.ms"; : >"$out/$family.agent.ms"; : >"$out/$family.reference.rss"; : >"$out/$family.agent.rss"
    # one warm-up run each (page cache), not counted
    "$ref" "${ref_args[@]}" >/dev/null 2>&1
    "$agent" --family "$family" --quiet >/dev/null
    for ((i = 0; i < runs; i++)); do
      t0=${EPOCHREALTIME/./}
      "$ref" "${ref_args[@]}" >/dev/null 2>"$out/stderr" || { echo "reference failed ($family, run $i):" >&2; cat "$out/stderr" >&2; exit 1; }
      t1=${EPOCHREALTIME/./}
      "$agent" --family "$family" --quiet >/dev/null 2>"$out/stderr" || { echo "agent failed ($family, run $i):" >&2; cat "$out/stderr" >&2; exit 1; }
      t2=${EPOCHREALTIME/./}
      echo $((t1 - t0)) >>"$out/$family.reference.ms"
      echo $((t2 - t1)) >>"$out/$family.agent.ms"
    done
    # peak RSS in a separate loop, so that /usr/bin/time's own fork/exec does not enter the wall times
    for ((i = 0; i < runs; i++)); do
      /usr/bin/time -f %M -o "$out/rss" "$ref" "${ref_args[@]}" >/dev/null 2>&1 && cat "$out/rss" >>"$out/$family.reference.rss"
      /usr/bin/time -f %M -o "$out/rss" "$agent" --family "$family" --quiet --output "$out/report.json" >/dev/null 2>&1 && cat "$out/rss" >>"$out/$family.agent.rss"
      # the report's own duration: the test itself, without process start-up and exit
      sed -n 's/^  "duration_ms": \([0-9.]*\),$/\1/p' "$out/report.json" >>"$out/$family.agent.inproc"
    done
    # CPU time (task-clock, children included) when perf is there: robust against a busy machine, unlike wall time
    if command -v perf >/dev/null && perf stat -x, -e task-clock -o "$out/perf" true 2>/dev/null; then
      perf stat -x, -e task-clock -r "$runs" -o "$out/perf" "$ref" "${ref_args[@]}" >/dev/null 2>&1 && cut -d, -f1 "$out/perf" | grep -E '^[0-9.]+$' >"$out/$family.reference.cpu"
      perf stat -x, -e task-clock -r "$runs" -o "$out/perf" "$agent" --family "$family" --quiet >/dev/null 2>&1 && cut -d, -f1 "$out/perf" | grep -E '^[0-9.]+$' >"$out/$family.agent.cpu"
    fi
  done
  exit 0
fi

runs=${1:-50}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [RUNS]  (RUNS a positive number, got '$runs')" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
agent=${MPTCPMATRIX_AGENT:-$root/artifacts/agent/bin/mptcp-agent}
ref_src=${MPTCPMATRIX_REFERENCE:-$(cd "$root/.." && pwd)/shared/reference/mptcp_sockopt.c}
[[ $(id -u) == 0 ]] || { echo "$0: needs root (ip netns add); run with sudo" >&2; exit 2; }
[[ -x $agent ]] || { echo "$0: no agent at $agent; build it with scripts/build-agent.sh" >&2; exit 2; }
[[ -f $ref_src ]] || { echo "$0: no reference source at $ref_src; set MPTCPMATRIX_REFERENCE" >&2; exit 2; }
for tool in gcc ip /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$0: '$tool' is missing (apt-get install gcc iproute2 time)" >&2; exit 2; }
done

tmp=$(mktemp -d)
ns=mm-bench-$$
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -O2 -Wall -o "$tmp/mptcp_sockopt" "$ref_src"
ip netns add "$ns"
ip -n "$ns" link set lo up
# every run bounds itself (the reference's alarm(15), the agent's watchdog); this bounds the whole benchmark
timeout 1800 ip netns exec "$ns" bash "${BASH_SOURCE[0]}" --inside "$runs" "$tmp/mptcp_sockopt" "$agent" "$tmp"

median() { sort -n "$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
p90() { sort -n "$1" | awk '{a[NR] = $1} END {i = int(NR * 0.9 + 0.999); if (i < 1) i = 1; print a[i]}'; }
maxof() { sort -n "$1" | tail -1; }
ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }

echo "mptcp-agent benchmark: $runs runs per tool and family, one fresh netns, kernel $(uname -r), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-10s %10s %10s %12s %14s\n' family tool median_ms p90_ms mean_cpu_ms peak_rss_mb
status=0
for family in ipv4 ipv6; do
  for tool in reference agent; do
    cpu=n/a; [[ -s $tmp/$family.$tool.cpu ]] && cpu=$(awk '{printf "%.2f", $1}' "$tmp/$family.$tool.cpu")
    printf '%-6s %-10s %10s %10s %12s %14s\n' "$family" "$tool" "$(ms "$(median "$tmp/$family.$tool.ms")")" \
      "$(ms "$(p90 "$tmp/$family.$tool.ms")")" "$cpu" "$(awk -v kb="$(maxof "$tmp/$family.$tool.rss")" 'BEGIN {printf "%.1f", kb / 1024}')"
  done
  echo "$family: the agent's in-process test time (report duration_ms), median $(median "$tmp/$family.agent.inproc") ms"
  ratio=$(awk -v a="$(median "$tmp/$family.agent.ms")" -v r="$(median "$tmp/$family.reference.ms")" 'BEGIN {printf "%.2f", a / r}')
  rss=$(maxof "$tmp/$family.agent.rss")
  verdict=met
  if awk -v x="$ratio" 'BEGIN {exit !(x > 2.0)}' || ((rss > 15 * 1024)); then verdict=MISSED; status=3; fi
  echo "$family: ratio agent/reference (median) $ratio (goal <= 2.0), agent peak RSS $(awk -v kb="$rss" 'BEGIN {printf "%.1f", kb / 1024}') MB (goal <= 15): $verdict"
done
exit $status
