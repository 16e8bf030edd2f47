#!/usr/bin/env bash
# Benchmark: `matrix plan` on a 500-cell matrix and `matrix report` over 500 cell result files.
# The matrix: 25 Debian kernels (exact packages) x 2 families x 10 sysctl variants on the vm backend = 500 cells.
# The cell files: one real cell result (a host-backend run of the real agent, ~200 checks, when root and the agent are
# available; else the biggest cell file found under results/) copied to every cell of the plan with its spec swapped in.
# Each command runs RUNS times (after one warm-up); prints median wall time and the peak RSS (/usr/bin/time %M).
# Goals: each under 1 s and 150 MB (exit 3 when missed).
#
# Usage: bench/orchestrator.sh [RUNS (default 5)]     (builds ./matrix first via the wrapper)
#   BENCH_DIR=DIR keeps the generated matrix and cell files in DIR (and reuses them when present), e.g. to compare
#   two builds on the same data or to profile: MPTCPMATRIX_TRACE=1 dotnet artifacts/orchestrator/matrix.dll report DIR/results --out DIR/report
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${BENCH_DIR:-}" ]; then
  work=$(mkdir -p "$BENCH_DIR" && cd "$BENCH_DIR" && pwd)
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
command -v jq >/dev/null || { echo "bench: needs jq (apt-get install jq)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

"$root/matrix" schema >/dev/null # builds the orchestrator if stale
dll=$root/artifacts/orchestrator/matrix.dll

# 500-cell matrix
{
  echo "kernels:"
  for i in $(seq 1 25); do echo "  - {name: k$i, source: debian, package: linux-image-6.1.0-$i-cloud-amd64}"; done
  echo "families: [ipv4, ipv6]"
  echo "backends: [vm]"
  echo "sysctls:"
  for v in $(seq 1 10); do echo "  - {name: v$v, values: {net.mptcp.add_addr_timeout: $((v * 10))}}"; done
} >"$work/matrix.yml"

# One real cell result as the template
template=
if [ -s "$work/template.json" ]; then
  template=$work/template.json
elif [ "$(id -u)" = 0 ] && [ -x "$root/artifacts/agent/bin/mptcp-agent" ]; then
  printf 'kernels: [{name: host, source: host}]\nfamilies: [ipv4]\n' >"$work/seed.yml"
  (cd "$work" && CI=true dotnet "$dll" run -c seed.yml --out seed >/dev/null 2>&1) || true
  template=$(ls "$work"/seed/cells/*.json 2>/dev/null | head -1)
fi
if [ -z "$template" ]; then
  template=$(ls -S "$root"/results/*/cells/*.json 2>/dev/null | head -1 || true)
fi
[ -n "$template" ] || { echo "bench: no cell result to use as a template (run as root with the agent built, or ./matrix run first)" >&2; exit 2; }
[ "$template" = "$work/template.json" ] || cp "$template" "$work/template.json"
template=$work/template.json
checks=$(jq '[.agent.families[]?.checks[]?] | length' "$template")

(cd "$work" && dotnet "$dll" plan -c matrix.yml --format json) >"$work/plan.json"
cells=$(jq length "$work/plan.json")
if [ "$(ls "$work/results/cells" 2>/dev/null | wc -l)" != "$cells" ]; then
  rm -rf "$work/results"
  mkdir -p "$work/results/cells"
  jq -c '.[]' "$work/plan.json" | while read -r spec; do
    id=$(jq -r .id <<<"$spec")
    jq --argjson cell "$spec" '.cell = $cell' "$template" >"$work/results/cells/$id.json"
  done
fi

measure() { # name, command...
  local name=$1; shift
  "$@" >/dev/null 2>&1 # warm-up
  : >"$work/$name.times"; : >"$work/$name.cpu"
  local rss=0
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M %U %S' -o "$work/$name.one" "$@" >/dev/null 2>&1 || { echo "bench: $name failed: $*" >&2; "$@" >&2 || true; exit 1; }
    read -r secs kb user sys <"$work/$name.one"
    echo "$secs" >>"$work/$name.times"
    echo "$user + $sys" | bc -l >>"$work/$name.cpu"
    ((kb > rss)) && rss=$kb
  done
  local median cpu
  median=$(sort -n "$work/$name.times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(sort -n "$work/$name.cpu" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-28s median %6.2f s wall, %6.2f s CPU   peak RSS %6.1f MB   (%d runs)\n' "$name" "$median" "$cpu" "$(echo "$rss / 1024" | bc -l)" "$runs"
  echo "$name $median $rss" >>"$work/summary"
}

echo "machine: $(nproc) cores, $(uname -r), $(dotnet --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "plan: $cells cells; report: $cells cell files of $checks checks each ($(du -sh "$work/results/cells" | cut -f1))"
cd "$work"
measure "matrix plan (table)" dotnet "$dll" plan -c matrix.yml
measure "matrix plan --format json" dotnet "$dll" plan -c matrix.yml --format json
measure "matrix report (500 cells)" dotnet "$dll" report results --out report
status=0
awk '{ if ($(NF-1) > 1.0 || $NF > 150*1024) bad=1 } END { exit bad }' "$work/summary" || { echo "bench: goal missed (under 1 s and 150 MB each)"; status=3; }
exit $status
