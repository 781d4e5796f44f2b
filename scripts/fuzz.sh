#!/usr/bin/env bash
# The long fuzz run (issue 6): every target of tests/fuzz/ (one module per area) with
# FUZZ_CASES random cases (default 50,000, so 26 targets make over 1,000,000 executions), after the seed corpus of
# tests/fuzz-corpus/. Release build; prints the executions and the time. A new FUZZ_SEED
# each run (the time) explores new inputs; a failure prints its seed and the minimal input,
# and `FUZZ_SEED=<seed> scripts/fuzz.sh` replays it.
#   scripts/fuzz.sh                      # >= 1,000,000 executions
#   FUZZ_CASES=200000 scripts/fuzz.sh    # longer
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_CASES="${FUZZ_CASES:-50000}"
export FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}"
echo "fuzz: FUZZ_CASES=$FUZZ_CASES per target, FUZZ_SEED=$FUZZ_SEED"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
cargo test --release --test fuzz -- --nocapture 2>&1 | tee "$log" | grep -E '^fuzz |^test result|panicked|minimal failing input|FAILED'
status=${PIPESTATUS[0]}
total=$(awk '/^fuzz .*executions/ { n += $3 } END { print n + 0 }' "$log")
echo "fuzz: $total executions in $(( $(date +%s) - start )) s (including the release build), FUZZ_SEED=$FUZZ_SEED"
exit "$status"
