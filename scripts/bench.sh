#!/usr/bin/env bash
# The benchmark of issues 5 and 11: size, cold start, per-call latency (found and not
# found; also with no debugger attached, and for the floor client bench/floor, the SDK's
# required stack alone), the clients' own cost with the network stubbed, concurrency and
# memory of the release package against a hand-written fetch and connect-sdk-client-js 4.0.4, in one run
# of headless Chromium (then Firefox ESR for per-call cost and cold start), the page and the
# local Client API on two origins of 127.0.0.1. Writes target/bench/report.json and
# target/bench/report.md and prints the tables, ending with issue 11's targets.
#
#   scripts/bench.sh           # the full run (a few minutes)
#   scripts/bench.sh --smoke   # a few iterations into target/bench/smoke/; checks only that
#                              # every figure was produced (scripts/test.sh runs this)
#   scripts/bench.sh --profile # where the SDK's time goes: Chromium CPU profiles of
#                              # the stubbed loop and of cold starts, summarised by
#                              # function and kind of work, into target/bench/profile/
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

mode=()
out=target/bench
case "${1:-}" in
  "") ;;
  --smoke) mode=(--smoke); out=target/bench/smoke ;;
  --profile) mode=(--profile); out=target/bench/profile ;;
  *) echo "usage: scripts/bench.sh [--smoke | --profile]" >&2; exit 2 ;;
esac

# setup.sh installs bench/'s npm packages too (the old SDK, the baseline).
scripts/setup.sh
scripts/build-pkg.sh
# The floor client (bench/floor): the SDK's required stack alone, no wasm-opt.
wasm-pack build bench/floor --release --target web --no-pack --out-dir ../../target/bench-floor --out-name floor
# Measure a snapshot of the package, so that a rebuild of pkg/ meanwhile cannot change it.
rm -rf "$out/pkg"
mkdir -p "$out"
cp -r pkg "$out/pkg"
for f in index.js node.cjs; do
  [ -s "$out/pkg/$f" ] || { echo "bench: pkg/$f missing (was pkg/ rebuilt meanwhile?)" >&2; exit 1; }
done
rm -rf "$out/floor"
cp -r target/bench-floor "$out/floor"
if [ "${mode[*]}" = --profile ]; then
  # The same code with its names: the wasm through the package's wasm-opt passes but
  # keeping its name section (-g; run.mjs reads the function names from named.wasm), and
  # the module minified without renaming (build-entry.mjs --keep-names), so the profile
  # names the wasm's and the glue's functions.
  optimise_wasm target/wasm-pack-out/connect_sdk_client_wasm_bg.wasm "$out/named.wasm" "$out/names.json" -g
  node scripts/build-entry.mjs target/wasm-pack-out/connect_sdk_client_wasm.js "$out/named.wasm" \
    "$out/names.json" "$out/pkg/index.js" --keep-names
fi
start_api --port 0 --ttl 1800 --isolated --static /=bench/page --static "/pkg=$out/pkg" \
  --static /old=bench/node_modules/connect-sdk-client-js/dist --static "/floor=$out/floor"
echo "local Client API at $API_URL, benchmark page at $PAGE_URL"
node bench/run.mjs --base "$PAGE_URL" --api "$API_URL" --out "$out" --pkg "$out/pkg" "${mode[@]}"
