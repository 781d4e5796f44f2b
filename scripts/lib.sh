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
