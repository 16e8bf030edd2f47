#!/usr/bin/env bash
# Runs every test: builds the agent (NativeAOT + bundle), then each test project in turn.
# Locally, tests whose capability is missing (qemu, docker engine, MPTCP, root) are skipped with what to install;
# with CI=true they fail instead. Ends with "tests: N passed, N failed, N skipped" from the TRX results.
# Usage: ./test.sh [xunit runner args, e.g. -class "MptcpMatrix.Agent.Tests.FaultInjectionTests"]
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
results=$root/artifacts/test-results
rm -rf "$results" && mkdir -p "$results"

scripts/build-agent.sh >/dev/null || { echo "agent build failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet build MptcpMatrix.sln -c Release --nologo -v q || { echo "build failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

status=0
crashed=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dir=$(dirname "$project")
  # xunit v3 test projects are executables (the in-process runner); run them directly with a TRX report.
  exe=$(ls "$dir"/bin/Release/net*/MptcpMatrix."$name" 2>/dev/null | head -1)
  echo "== $name"
  if [ -z "$exe" ]; then echo "no test executable for $name"; status=1; crashed=$((crashed + 1)); continue; fi
  # Every project is bounded: a hung test must not hold CI for ever (the project then counts as one failure).
  if ! timeout -k 30 "${MPTCPMATRIX_TEST_TIMEOUT:-2400}" "$exe" -noColor -result-trx "$results/$name.trx" "$@"; then
    status=1
    [ -f "$results/$name.trx" ] || { echo "$name: no results (crashed or timed out)"; crashed=$((crashed + 1)); }
  fi
done

passed=0 failed=$crashed skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
[ "$passed" -gt 0 ] || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
