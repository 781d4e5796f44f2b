#!/usr/bin/env bash
# Sets everything up and runs every test: lints, native tests (with a short fuzz run), the
# browser suites (with the hostile-conditions suite) in headless Chromium, Firefox and WebKit
# against the local Client API on another origin, and the release package loaded in
# Chromium (the demo and the load-failure cases in Firefox and WebKit too); last, a smoke
# run of the benchmark (scripts/bench.sh --smoke).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
step() { printf '\n=== %s\n' "$*"; }

scripts/setup.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p connect-sdk-client-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings

# tests/fuzz/ runs here too: its short run, FUZZ_CASES (default 64) random cases per
# target after the seed corpus; scripts/fuzz.sh is the long run.
step "the pure core imports nothing wasm-only (src/core/)"
# src/core/ must build and run natively: no wasm crate, no JS binding, no unsafe code, and
# no path into the wasm layer (src/js/).
if grep -rnE '\b(wasm_bindgen|wasm_bindgen_futures|js_sys|web_sys|gloo_net|gloo|serde_wasm_bindgen|tsify|tsify_next)\b|crate::js\b|\bunsafe\b' src/core/; then
  echo "src/core/ imports something wasm-only (listed above)" >&2
  exit 1
fi
grep -q '^#!\[forbid(unsafe_code)\]' src/core/mod.rs || { echo "src/core/mod.rs lost #![forbid(unsafe_code)]" >&2; exit 1; }
echo "ok: src/core/ is pure ($(ls src/core/*.rs | wc -l) modules)"

step "native tests (pure core with the sans-IO session on a fake clock, local Client API, short fuzz run)"
cargo test --workspace

step "build the release package, and a debug build with the panic-guard trigger"
scripts/build-pkg.sh
wasm-pack build --dev --target web --no-pack --out-dir target/panic-pkg \
  --out-name connect_sdk_client_wasm -- --features test-panic

step "start the local Client API"
start_api --port 0 --ttl 3600 --static /=www-demo --static /pkg=pkg --static /panic-pkg=target/panic-pkg
echo "local Client API at $API_URL, pages at $PAGE_URL"
# Pages load from CONNECT_TEST_PAGE and call the API at CONNECT_TEST_API: two origins.
export CONNECT_TEST_API="$API_URL" CONNECT_TEST_PAGE="$PAGE_URL"
# The runner's limit is for a whole test binary; tests/hostile.rs needs well over its 20 s
# default on a loaded 2-core machine. Every call in it has its own bound.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"

step "browser tests in headless Chromium"
wasm-pack test --headless --chrome -- --test browser --test lookup_fields --test hostile

step "browser tests in headless Firefox"
wasm-pack test --headless --firefox -- --test browser --test lookup_fields --test hostile

# WebKitGTK's MiniBrowser, Safari's engine: the runner speaks W3C WebDriver to
# WebKitWebDriver as it would to safaridriver, and the driver opens MiniBrowser (with
# --automation) by default. MiniBrowser needs a display: a private Xvfb.
step "browser tests in WebKit (MiniBrowser under Xvfb)"
with_display wasm-pack test --headless --safari --safaridriver "$(command -v WebKitWebDriver)" \
  -- --test browser --test lookup_fields --test hostile

step "TypeScript: consumer.ts under tsc --strict, README examples, no any in the shipped .d.ts"
node --test tests/types/

step "release package: the size budget (size-budget.json), npm pack, every bundler and Next.js, Node import, load failures (three engines), demo and its lookup element under CSP (and in WebKit), mask differential test against the old SDK, preflights, README example, panic guard, privacy, the WebDriver client"
# One file at a time: each drives browsers and build tools, and the bundler files share
# one scratch install of the tarball.
node --test --test-concurrency=1 tests/e2e/

step "benchmark smoke run (scripts/bench.sh --smoke: every figure produced; no time is asserted)"
scripts/bench.sh --smoke
