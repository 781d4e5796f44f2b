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
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)
# -Oz, then flattened and re-loop'd (binaryen's Relooper rebuilds the control flow more
# compactly than rustc's), then -Oz twice more (each round finds what the last one's
# inlining opened up) with --converge; the target_features section is for linkers.
node_modules/.bin/wasm-opt -Oz --flatten --rereloop -Oz -Oz --converge --strip-debug --strip-producers \
  --strip-target-features "${features[@]}" \
  target/wasm-pack-out/connect_sdk_client_wasm_bg.wasm -o target/wasm-pack-out/optimised.wasm
# Then the import, export and module names become one or two letters (wasm-bindgen's are
# 20-60 characters with a hash each, ~6 kB, written again in the glue); wasm-opt prints
# the renaming as JSON, which build-entry.mjs applies to the glue.
node_modules/.bin/wasm-opt --minify-imports-and-exports-and-modules "${features[@]}" \
  target/wasm-pack-out/optimised.wasm -o target/wasm-pack-out/minified.wasm \
  > target/wasm-pack-out/names.json
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
