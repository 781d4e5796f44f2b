#!/usr/bin/env bash
# Builds the npm package into pkg/: release wasm (opt-level z, LTO), then binaryen's
# wasm-opt -Oz from npm (Debian's binaryen 108 corrupts wasm-bindgen 0.2.130 output),
# then the files of pkg-template/ (entry module, the <connect-address-lookup> element entry,
# their types, the npm README, package.json)
# with the version taken from Cargo.toml. tests/e2e/package.test.mjs checks the result.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf target/wasm-pack-out pkg
wasm-pack build --release --target web --no-pack --out-dir target/wasm-pack-out --out-name connect_sdk_client_wasm
mkdir -p pkg
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  target/wasm-pack-out/connect_sdk_client_wasm_bg.wasm -o pkg/connect_sdk_client_wasm_bg.wasm
cp target/wasm-pack-out/connect_sdk_client_wasm.js target/wasm-pack-out/connect_sdk_client_wasm.d.ts pkg/
cp pkg-template/index.js pkg-template/index.d.ts pkg-template/element.js pkg-template/element.d.ts pkg-template/README.md LICENSE pkg/
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed "s/0.0.0-set-by-build/$version/" pkg-template/package.json > pkg/package.json
grep -q "\"version\": \"$version\"" pkg/package.json || { echo "version not set in pkg/package.json" >&2; exit 1; }
wasm=pkg/connect_sdk_client_wasm_bg.wasm
echo "pkg/ built: connect-sdk-client-wasm $version, wasm $(wc -c < $wasm) bytes" \
  "(gzip -9 $(gzip -9c $wasm | wc -c), brotli $(brotli -c $wasm | wc -c))"
echo "pkg/element.js (connect-sdk-client-wasm/element): $(wc -c < pkg/element.js) bytes" \
  "(gzip -9 $(gzip -9c pkg/element.js | wc -c), brotli $(brotli -c pkg/element.js | wc -c))"
