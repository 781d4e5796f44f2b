#!/usr/bin/env bash
# Sets everything up and runs every test: lints, native tests, the browser suites in
# headless Chromium and Firefox against the local Client API, and the release package
# loaded in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
step() { printf '\n=== %s\n' "$*"; }

scripts/setup.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p connect-sdk-client-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests (pure core and local Client API)"
cargo test --workspace

step "build the release package, and a debug build with the panic-guard trigger"
scripts/build-pkg.sh
wasm-pack build --dev --target web --no-pack --out-dir target/panic-pkg \
  --out-name connect_sdk_client_wasm -- --features test-panic

step "start the local Client API"
start_api --port 0 --ttl 3600 --static /=www-demo --static /pkg=pkg --static /panic-pkg=target/panic-pkg
echo "local Client API at $API_URL"
export CONNECT_TEST_API="$API_URL"

step "browser tests in headless Chromium"
wasm-pack test --headless --chrome -- --test browser --test lookup_fields

step "browser tests in headless Firefox"
wasm-pack test --headless --firefox -- --test browser --test lookup_fields

step "release package in headless Chromium (demo, README example, panic guard)"
node --test tests/e2e/
