#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm (opt-level z, LTO), then binaryen's
# wasm-opt -Oz from npm (Debian's binaryen 108 corrupts wasm-bindgen 0.2.130 output), then
# the one browser module pkg/index.js (wasm-bindgen's glue with the wasm inlined and
# pkg-template/loader.js; scripts/build-entry.mjs), the <connect-address-lookup> element
# entry (element.js), the types, the Node entry node.cjs, the
# npm README and package.json with the version taken from Cargo.toml.
# tests/e2e/package.test.mjs and tests/e2e/bundlers.test.mjs check the result.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
rm -rf target/wasm-pack-out pkg
# Panic locations name their files: dependencies' paths lose the machine's cargo registry
# directory (`/root/.cargo/registry/src/index.crates.io-…/`), bytes in the wasm that say
# nothing to anyone (std's `/rustc/<commit>/` paths come precompiled and stay).
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
remap=""
for dir in "$registry"/*/; do
  [ -d "$dir" ] && remap+=" --remap-path-prefix=$dir="
done
RUSTFLAGS="${RUSTFLAGS:-}$remap" \
wasm-pack build --release --target web --no-pack --out-dir target/wasm-pack-out --out-name connect_sdk_client_wasm
mkdir -p pkg
# binaryen's wasm-opt -Oz and more, then the wasm's import and export names minified
# (scripts/lib.sh optimise_wasm; names.json is the renaming build-entry.mjs applies).
optimise_wasm target/wasm-pack-out/connect_sdk_client_wasm_bg.wasm target/wasm-pack-out/minified.wasm \
  target/wasm-pack-out/names.json --strip-debug
node scripts/build-entry.mjs target/wasm-pack-out/connect_sdk_client_wasm.js \
  target/wasm-pack-out/minified.wasm target/wasm-pack-out/names.json pkg/index.js
cp target/wasm-pack-out/connect_sdk_client_wasm.d.ts pkg/
cp pkg-template/index.d.ts pkg-template/node.cjs pkg-template/element.js pkg-template/element.d.ts \
  pkg-template/README.md LICENSE pkg/
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed "s/0.0.0-set-by-build/$version/" pkg-template/package.json > pkg/package.json
grep -q "\"version\": \"$version\"" pkg/package.json || { echo "version not set in pkg/package.json" >&2; exit 1; }
wasm=target/wasm-pack-out/minified.wasm
echo "pkg/ built: connect-sdk-client-wasm $version; wasm $(wc -c < $wasm) bytes" \
  "(gzip -9 $(gzip -9c $wasm | wc -c), brotli $(brotli -c $wasm | wc -c)), inlined in index.js:" \
  "$(wc -c < pkg/index.js) bytes (gzip -9 $(gzip -9c pkg/index.js | wc -c), brotli $(brotli -c pkg/index.js | wc -c))"
echo "pkg/element.js (connect-sdk-client-wasm/element): $(wc -c < pkg/element.js) bytes" \
  "(gzip -9 $(gzip -9c pkg/element.js | wc -c), brotli $(brotli -c pkg/element.js | wc -c))"
