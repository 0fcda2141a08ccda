#!/usr/bin/env bash
# Runs `go test` over every module of the repository: the root module and
# the nested redisstore module, which `go test ./...` at the root does not
# enter. Arguments are passed to go test (default: -race). The redisstore
# tests need TRACKING_REDIS_ADDR (see scripts/redis.sh); without it they are
# skipped, or fail under CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- -race
for mod in . redisstore; do
  echo "== go test $* ./...   (module $mod)"
  (cd "$mod" && go test "$@" ./...)
done
