#!/usr/bin/env bash
# Installs everything the demo and the tests need, from the package registries only.
# Idempotent: each step is skipped when what it installs is already there at the right
# version. Run as root on Debian (apt-get), or with the tools already present.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== setup: %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# What this script does not install: Node.js with npm (vite 8, which the bundler tests
# build with, needs ^20.19.0 || >=22.12.0), and Rust through rustup (cargo, rustup).
command -v node >/dev/null && command -v npm >/dev/null ||
  fail "node and npm not found: install Node.js 20.19 or later (22.12 or later on 22), e.g. from https://nodejs.org"
node_version=$(node -p process.versions.node)
IFS=. read -r node_major node_minor _ <<<"$node_version"
case "$node_major" in
  20) node_ok=$((node_minor >= 19)) ;;
  22) node_ok=$((node_minor >= 12)) ;;
  *) node_ok=$((node_major >= 23)) ;;
esac
[ "$node_ok" = 1 ] ||
  fail "node $node_version cannot run vite 8 (^20.19.0 || >=22.12.0): install Node.js 20.19 or later (22.12 or later on 22), e.g. from https://nodejs.org"
for tool in cargo rustup; do
  command -v "$tool" >/dev/null || fail "$tool not found: install Rust with rustup (https://rustup.rs)"
done

# Debian packages: Chromium + ChromeDriver, Firefox ESR, WebKitGTK's WebDriver (it drives
# MiniBrowser, Safari's engine) with Xvfb for its display, and brotli for size reports.
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v firefox-esr >/dev/null || command -v firefox >/dev/null || need_apt+=(firefox-esr)
command -v WebKitWebDriver >/dev/null || need_apt+=(webkit2gtk-driver)
command -v Xvfb >/dev/null || need_apt+=(xvfb)
command -v brotli >/dev/null || need_apt+=(brotli)
command -v gzip >/dev/null || need_apt+=(gzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  # Waits for the dpkg lock if another apt run holds it, instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${need_apt[@]}"
fi

# Rust target and tools. The wasm-bindgen CLI must match Cargo.lock exactly, or
# wasm-pack would try to download one.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
[ -f Cargo.lock ] || cargo generate-lockfile
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ] ||
   ! command -v wasm-bindgen-test-runner >/dev/null; then
  log "cargo install wasm-bindgen-cli $wb_version"
  # Not --locked: the CLI's lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi
if ! command -v wasm-pack >/dev/null; then
  log "cargo install wasm-pack"
  cargo install wasm-pack --locked
fi
if ! command -v geckodriver >/dev/null; then
  log "cargo install geckodriver"
  cargo install geckodriver --locked
fi

# npm tools (binaryen's wasm-opt, playwright-core, typescript, and the bundlers the e2e tests
# build apps with: vite, webpack, next with react, rollup, esbuild), pinned by package-lock.json.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi
# The old SDK (connect-sdk-client-js 4.0.4): the benchmark's baseline and the reference of
# the mask differential test (tests/e2e/mask.test.mjs).
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  log "npm ci (bench/)"
  (cd bench && npm ci --no-audit --no-fund)
fi
log "ready"
