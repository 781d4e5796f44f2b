# Shared by the scripts: starting the local Client API so that it dies with the script.

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
