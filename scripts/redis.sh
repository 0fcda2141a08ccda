#!/usr/bin/env bash
# Starts or stops a throwaway redis-server on a loopback port for the
# redisstore tests: no persistence, daemonized, pidfile and log under a
# temporary directory.
#
#   eval "$(scripts/redis.sh start)"   # prints: export TRACKING_REDIS_ADDR=127.0.0.1:6390
#   go test -race ./redisstore/...     # or scripts/test-all.sh
#   scripts/redis.sh stop
#
# REDIS_PORT chooses the port (6390 by default). Only the server this
# script started (its pidfile) is ever stopped.
set -euo pipefail

port=${REDIS_PORT:-6390}
addr="127.0.0.1:$port"
dir="${TMPDIR:-/tmp}/tracking-redis-$port"
pidfile="$dir/redis.pid"

ping() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]
  else
    # Without redis-cli: speak RESP over bash's /dev/tcp.
    local reply
    exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
    printf 'PING\r\n' >&3
    read -r -t 2 reply <&3 || reply=
    exec 3>&-
    [ "${reply%$'\r'}" = +PONG ]
  fi
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

case "${1:-}" in
start)
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server is not installed: apt-get install -y redis-server (Debian, Ubuntu) or brew install redis" >&2
    exit 1
  fi
  mkdir -p "$dir"
  if running && ping; then
    echo "redis-server already running on $addr (pid $(cat "$pidfile"))" >&2
  else
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
      --daemonize yes --pidfile "$pidfile" --logfile "$dir/redis.log" --dir "$dir"
    for _ in $(seq 50); do
      ping && break
      sleep 0.1
    done
    if ! ping; then
      echo "redis-server did not answer on $addr; see $dir/redis.log" >&2
      exit 1
    fi
    echo "redis-server started on $addr (pid $(cat "$pidfile"))" >&2
  fi
  echo "export TRACKING_REDIS_ADDR=$addr"
  ;;
stop)
  if running; then
    pid=$(cat "$pidfile")
    kill "$pid"
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    echo "redis-server on $addr stopped" >&2
  else
    echo "no redis-server started by this script on $addr" >&2
  fi
  rm -f "$pidfile"
  ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
