#!/usr/bin/env bash
# Sets everything up, builds the release package and serves the demo checkout page
# with the local Client API. Open the printed URL; Ctrl-C stops it. PORT sets the page's
# port (default 8080), API_PORT the Client API's (default: a free one).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/setup.sh
scripts/build-pkg.sh
# The page on PORT (default 8080), the Client API on another origin: API_PORT (default 0,
# a free port).
start_api --page-port "${PORT:-8080}" --port "${API_PORT:-0}" --ttl 28800 --static /=www-demo --static /pkg=pkg
printf '\nDemo: open %s/ in a browser (it calls the local Client API cross-origin, at %s/client/v1). Ctrl-C stops it.\n' "$PAGE_URL" "$API_URL"
printf 'Try Sweden, personal number 012345678901; Norway, 40612345 and 0150; Finland, 131052-308T and 00100.\n'
wait "$API_PID"
