#!/usr/bin/env bash
# Azurite (the Azure Storage emulator), Table service only, from eng/node_modules (never a global install).
#
#   bash eng/azurite.sh install [--force] npm ci (npm install without a lock file) in eng/; skipped when
#                                        the pinned version is installed already, unless --force; one at a time
#                                        (the tests run it themselves when Azurite is missing)
#   bash eng/azurite.sh start [port]     one node process on 127.0.0.1:PORT (default 10002); prints its PID
#   bash eng/azurite.sh start --persistent [DIR] [port]
#                                        the same, but tables are kept on disk in DIR (default
#                                        eng/.azurite/data-PORT) and survive a stop and start
#   bash eng/azurite.sh stop [port]      stops the process started for that port
#   bash eng/azurite.sh status [port]    exit 0 when it is running
#
# start keeps data in memory (a restart wipes it); --persistent, or AZURITE_LOCATION=DIR, keeps it on disk.
# With the default port, the connection string UseDevelopmentStorage=true reaches it.
set -euo pipefail

ENG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAIN_JS="$ENG_DIR/node_modules/azurite/dist/src/table/main.js"
RUN_DIR="$ENG_DIR/.azurite"
HOST=127.0.0.1

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
pid_file() { echo "$RUN_DIR/table-$1.pid"; }
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

installed_version() {
  node -p "require('$ENG_DIR/node_modules/azurite/package.json').version" 2>/dev/null || true
}

install() {
  cd "$ENG_DIR"
  # Test processes run in parallel and each installs Azurite when it is missing: one installs, the others wait and
  # then find it installed (npm ci empties node_modules first, so two at once would break each other).
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/install.lock"
  flock 9
  local pinned
  pinned="$(node -p "require('./package.json').devDependencies.azurite")"
  if [[ "${1:-}" != "--force" && -f "$MAIN_JS" && "$(installed_version)" == "$pinned" ]]; then
    echo "azurite $pinned already installed in $ENG_DIR/node_modules"
    return 0
  fi
  # npm ci installs exactly the lock file; install writes one on the first run.
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
  node "$MAIN_JS" --help >/dev/null
  echo "azurite $(installed_version) installed in $ENG_DIR/node_modules"
}

start() {
  # start [--persistent [DIR]] [port]: a DIR is any argument after --persistent that is not a port number.
  local port="" persistent=false location="${AZURITE_LOCATION:-}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --persistent)
        persistent=true
        if [[ $# -gt 1 && -n "$2" && "$2" != -* && ! "$2" =~ ^[0-9]+$ ]]; then
          location="$2"
          shift
        fi
        ;;
      "") ;;
      *)
        [[ "$1" =~ ^[0-9]+$ && -z "$port" ]] || { echo "start: unexpected argument '$1'" >&2; usage; }
        port="$1"
        ;;
    esac
    shift
  done
  port="${port:-10002}"
  if [[ "$persistent" == true && -z "$location" ]]; then
    location="$RUN_DIR/data-$port"
  fi
  [[ -f "$MAIN_JS" ]] || { echo "azurite is not installed: run 'bash eng/azurite.sh install' first" >&2; exit 1; }
  if port_open "$port"; then
    echo "port $port on $HOST is already in use (another Azurite?): stop it or pick another port" >&2
    exit 1
  fi
  mkdir -p "$RUN_DIR"
  local storage=(--inMemoryPersistence)
  if [[ -n "$location" ]]; then
    mkdir -p "$location"
    location="$(cd "$location" && pwd)"
    storage=(--location "$location")
  fi
  local log="$RUN_DIR/table-$port.log"
  # node directly (not npx, whose wrapper processes outlive a kill of the PID we would record).
  nohup node "$MAIN_JS" --tableHost "$HOST" --tablePort "$port" "${storage[@]}" \
    --disableTelemetry --silent >"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$(pid_file "$port")"
  for _ in $(seq 1 150); do
    if port_open "$port"; then
      # The PID alone on stdout (callers capture it); where the data lives on stderr.
      if [[ -n "$location" ]]; then
        echo "azurite keeps its tables in $location (on disk: a stop and start keeps them)" >&2
      else
        echo "azurite keeps its tables in memory: a stop and start empties them (restart a host that used them; --persistent keeps them)" >&2
      fi
      echo "$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "azurite exited before listening on $HOST:$port; its log ($log):" >&2
      cat "$log" >&2
      rm -f "$(pid_file "$port")"
      exit 1
    fi
    sleep 0.1
  done
  echo "azurite did not listen on $HOST:$port within 15 s; log: $log" >&2
  kill "$pid" 2>/dev/null || true
  rm -f "$(pid_file "$port")"
  exit 1
}

stop() {
  local port="${1:-10002}" file
  file="$(pid_file "$port")"
  if [[ ! -f "$file" ]]; then
    echo "no azurite started by this script on port $port"
    return 0
  fi
  local pid
  pid="$(cat "$file")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "stopped azurite (PID $pid) on port $port"
  fi
  rm -f "$file"
}

status() {
  local port="${1:-10002}" file
  file="$(pid_file "$port")"
  if [[ -f "$file" ]] && kill -0 "$(cat "$file")" 2>/dev/null && port_open "$port"; then
    echo "azurite running (PID $(cat "$file")) on $HOST:$port"
  else
    echo "azurite not running on $HOST:$port" >&2
    exit 1
  fi
}

case "${1:-}" in
  install) install "${2:-}" ;;
  start) shift; start "$@" ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" ;;
  *) usage ;;
esac
