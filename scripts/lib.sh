# Shared by the scripts: the local Client API started so that it dies with the script, a
# private X display (with_display), and the package's wasm-opt passes (optimise_wasm).

# start_api [args...]: builds and starts the local Client API on 127.0.0.1, on two origins
# as in production: sets API_URL (the Client API) and PAGE_URL (the static mounts, and
# /_control standing in for the merchant's server). Pages load from PAGE_URL and call the
# API cross-origin. `--page-port 0` is added unless the arguments name a page port.
# It exits by itself when this shell exits (stdin lifeline) or after its --ttl.
start_api() {
  cargo build -q -p local-client-api
  local page_port=(--page-port 0)
  case " $* " in *" --page-port "* | *" --page-port="*) page_port=() ;; esac
  API_TMP=$(mktemp -d)
  mkfifo "$API_TMP/lifeline"
  target/debug/local-client-api "${page_port[@]}" "$@" --exit-on-stdin-eof <"$API_TMP/lifeline" >"$API_TMP/out" &
  API_PID=$!
  exec 9>"$API_TMP/lifeline"
  trap stop_api EXIT
  for _ in $(seq 1 100); do
    API_URL=$(awk '/^LISTENING / { print $2; exit }' "$API_TMP/out")
    PAGE_URL=$(awk '/^PAGE / { print $2; exit }' "$API_TMP/out")
    [ -n "$API_URL" ] && [ -n "$PAGE_URL" ] && return 0
    sleep 0.1
  done
  echo "local Client API did not start" >&2
  return 1
}

stop_api() {
  exec 9>&- 2>/dev/null || true
  kill "$API_PID" 2>/dev/null || true
  rm -rf "$API_TMP"
}

# with_display CMD [ARGS...]: runs CMD with DISPLAY set to a fresh Xvfb server (WebKitGTK's
# MiniBrowser has no headless mode), in its own process group. Afterwards it stops whatever
# CMD left behind in that group (a WebDriver server and its browser) and the X server, also
# when the script is interrupted. Returns CMD's status.
with_display() {
  local dir xvfb cmd rc=0
  dir=$(mktemp -d)
  # -displayfd: the server picks a free display and writes its number once it is ready.
  Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
  xvfb=$!
  for _ in $(seq 1 100); do
    [ -s "$dir/display" ] && break
    sleep 0.1
  done
  if [ ! -s "$dir/display" ]; then
    echo "Xvfb did not start:" >&2
    cat "$dir/log" >&2
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$dir"
    return 1
  fi
  # Not an interactive shell, so this background job is no group leader and setsid makes
  # it one in place: its pid is the group to stop.
  DISPLAY=":$(cat "$dir/display")" setsid "$@" &
  cmd=$!
  trap "kill -- -$cmd $xvfb 2>/dev/null; exit 130" INT TERM
  wait "$cmd" || rc=$?
  trap - INT TERM
  # TERM, then KILL what is still there after 5 s.
  if kill -- "-$cmd" 2>/dev/null; then
    for _ in $(seq 1 50); do
      kill -0 -- "-$cmd" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$cmd" 2>/dev/null || true
  fi
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  rm -rf "$dir"
  return "$rc"
}

# optimise_wasm IN OUT_WASM NAMES_JSON [FLAGS...]: binaryen's wasm-opt (from npm; Debian's
# binaryen 108 corrupts wasm-bindgen 0.2.130 output) on wasm-bindgen's IN, as the package
# ships it: -Oz, then flattened and re-loop'd twice (binaryen's Relooper rebuilds the
# control flow more compactly than rustc's), then -Oz twice more (each round finds what the
# last one's inlining opened up) with --converge; the producers and target_features
# sections (the latter is for linkers) go. Options of every pass (measured on gzip -9 of
# pkg/index.js, 2026-11-30; CHANGELOG):
# - -ocimfs 20: a function with one caller is inlined only up to 20 bytes of code (the
#   default inlines any size). Bodies inlined into several large functions repeated one
#   another less well for gzip than calls do: raw grows by about 0.8 kB, gzip shrinks by
#   about 1.3 kB (15-30 are within 150 B of each other; swept again, with the ordering
#   below, when the code changes).
#   -aimfs 6: functions up to 6 bytes are always inlined (default 2).
# - --low-memory-unused: rustc's wasm32 layout puts the 1 MiB stack first, growing down, so
#   the first 1 KiB is never addressed and binaryen folds constant offsets into loads and
#   stores.
# - -iit (--ignore-implicit-traps): safe Rust code never relies on a load, store or
#   division trapping (a panic is an explicit `unreachable`, which stays).
# That run keeps the function names: scripts/order-functions.mjs orders the functions for
# gzip (a body next to bodies like it) by writing the order into their names, and the
# last run moves them there (--reorder-functions-by-name), then makes the import, export
# and module names one or two letters (wasm-bindgen's are 20-60 characters with a hash
# each, ~6 kB, written again in the glue) into OUT_WASM; wasm-opt prints that renaming as
# JSON into NAMES_JSON, which scripts/build-entry.mjs applies to the glue. FLAGS go to the
# last run: --strip-debug for the package (scripts/build-pkg.sh), -g to keep the function
# names (scripts/bench.sh --profile; each then starts with its rank, as `042:`). The
# optimised wasm before the ordering stays next to OUT_WASM, as optimised.wasm.
optimise_wasm() {
  local in=$1 out=$2 names=$3
  shift 3
  local optimised ordered
  optimised="$(dirname "$out")/optimised.wasm"
  ordered="$(dirname "$out")/ordered.wasm"
  local features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
    --enable-mutable-globals --enable-reference-types --enable-multivalue)
  node_modules/.bin/wasm-opt -ocimfs 20 -aimfs 6 --low-memory-unused -iit \
    -Oz --flatten --rereloop -Oz --flatten --rereloop -Oz -Oz --converge -g --strip-producers \
    --strip-target-features "${features[@]}" "$in" -o "$optimised"
  node scripts/order-functions.mjs "$optimised" "$ordered"
  node_modules/.bin/wasm-opt --reorder-functions-by-name --minify-imports-and-exports-and-modules \
    "$@" "${features[@]}" "$ordered" -o "$out" > "$names"
}
