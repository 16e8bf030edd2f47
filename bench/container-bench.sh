#!/usr/bin/env bash
# Container backend benchmark (docs/container.md has the figures).
#  1. Per-cell time: N cells of `matrix run` with the container backend (parallel 1; each cell's started_at..ended_at
#     in its cells/<id>.json covers create, start, wait, logs and remove) against N times `docker run --rm` of the same
#     image with the same sandbox flags through the docker CLI. Goal: ratio (backend / CLI) at most 1.0.
#  2. 20 cells with parallel 2 through `matrix run`: wall time.
# Needs: a running Docker engine (see docs/container.md), python3, the agent (built by ./matrix when stale).
# Usage: bench/container-bench.sh [N=20]
set -euo pipefail
n=${1:-20}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docker info >/dev/null 2>&1 || { echo "no Docker engine answers; start one: dockerd --bridge=none --iptables=false &" >&2; exit 2; }

# 20 cells: 2 families x 2 variants x repeat 5 (n/4 repeats).
reps=$(( (n + 3) / 4 ))
cat >"$work/matrix.yml" <<YML
kernels:
  - name: host
    source: host
families: [ipv4, ipv6]
backends: [container]
sysctls:
  - name: default
  - name: mptcp-disabled
    values: { net.mptcp.enabled: 0 }
repeat: $reps
timeout: 60
retries: 0
parallel: 1
YML

# Warm-up: builds the orchestrator/agent if stale and the image (content-tagged, so later runs reuse it).
"$root/matrix" run --config "$work/matrix.yml" --filter family=ipv4,variant=default --out "$work/warm" >/dev/null 2>&1 || true
# After the warm-up, run the published orchestrator directly: no staleness check or rebuild inside the timings.
export MPTCPMATRIX_AGENT_DIR=${MPTCPMATRIX_AGENT_DIR:-$root/artifacts/agent}
matrix() { dotnet "$root/artifacts/orchestrator/matrix.dll" "$@"; }
image=$(python3 -c 'import json,glob,sys; c=json.load(open(sorted(glob.glob(sys.argv[1]+"/cells/*.json"))[0])); print(c["provenance"]["container_image"].split(" ")[0])' "$work/warm")

matrix run --config "$work/matrix.yml" --parallel 1 --out "$work/serial" >/dev/null 2>&1 || true
backend_ms=$(python3 - "$work/serial" <<'PY'
import json, glob, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00"))
d = [(t(c["ended_at"]) - t(c["started_at"])).total_seconds() * 1000 for c in (json.load(open(f)) for f in glob.glob(sys.argv[1] + "/cells/*.json"))]
print(f"{sum(d)/len(d):.1f} {len(d)}")
PY
)

cli_start=$(date +%s%N)
for i in $(seq 1 "$n"); do
  if (( i % 2 )); then fam=ipv4; else fam=ipv6; fi
  docker run --rm --init --network none --cap-drop ALL --read-only --memory 256m --pids-limit 64 \
    --security-opt no-new-privileges --sysctl net.ipv6.conf.all.disable_ipv6=0 --sysctl net.ipv6.conf.lo.disable_ipv6=0 \
    --label mptcpmatrix.bench=1 "$image" --family "$fam" --variant default --timeout 45 >/dev/null 2>&1
done
cli_ms=$(( ($(date +%s%N) - cli_start) / 1000000 / n ))

par_start=$(date +%s%N)
matrix run --config "$work/matrix.yml" --parallel 2 --out "$work/parallel" >/dev/null 2>&1 || true
par_ms=$(( ($(date +%s%N) - par_start) / 1000000 ))
read -r par_cells span <<<"$(python3 - "$work/parallel" <<'PY'
import json, glob, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00"))
cs = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/cells/*.json")]
print(len(cs), round((max(t(c["ended_at"]) for c in cs) - min(t(c["started_at"]) for c in cs)).total_seconds() * 1000))
PY
)"

read -r mean cells <<<"$backend_ms"
echo "image:                      $image"
echo "backend per cell (mean):    ${mean} ms over ${cells} cells (matrix run --parallel 1, create..remove)"
echo "docker run --rm per cell:   ${cli_ms} ms over ${n} runs (CLI, same image and flags)"
python3 -c "print(f'ratio backend/CLI:          {float(\"$mean\")/$cli_ms:.2f} (goal <= 1.0)')"
echo "matrix run, ${par_cells} cells, parallel 2: ${par_ms} ms wall (process start, probe, cells, reports); cells alone: ${span} ms (first start to last end)"
