#!/usr/bin/env bash
# Event subscription benchmarks on PostgreSQL, in one session on this machine:
#  - no-op subscriber throughput of one runtime process (the scenario app, Release), positions saved
#    every event (subscriptions.checkpointEvery=1) and every 100 events (the default);
#  - publish-to-handler latency p50/p99 on an idle subscription (one event published every PING_GAP_MS over HTTP).
# Writes benchmarks/results/YYYY-MM-DD-events.md. Loopback only; every wait is bounded.
#
#   bash benchmarks/events.sh
#   EVENTS=20000 PINGS=100 bash benchmarks/events.sh     # a quicker look
#   APP=/path/to/copy/Bunbase.Bench.dll bash benchmarks/events.sh   # an earlier build (a copy of its bin/Release folder), to compare in one session
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-50000}
EVENTS_EVERY_1=${EVENTS_EVERY_1:-10000}
PINGS=${PINGS:-300}
PING_GAP_MS=${PING_GAP_MS:-20}
ROUNDS=${ROUNDS:-2}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
config=benchmarks/apps/Bunbase.Bench/bunbase.config.json

echo "building (Release)..."
[ -n "${APP:-}" ] || dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
app=${APP:-benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll}
tool=src/Cli/bin/Release/net10.0/bunbase.dll

work=$(mktemp -d -t bunbase-events.XXXXXX)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_all; rm -rf "$work"; }
trap cleanup EXIT

sql() { psql "$DATABASE_URL_BENCH" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
  || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
DATABASE_URL="$DATABASE_URL_BENCH" dotnet "$tool" migrate --config "$config" >/dev/null
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ports=()
start() { # start CHECKPOINT_EVERY: one runtime process
  local port; port=$(free_port)
  PORT=$port DATABASE_URL="$DATABASE_URL_BENCH" BUNBASE__AUTH__SESSIONSECRET="$session_secret" ASPNETCORE_ENVIRONMENT=Production \
    BUNBASE__OBSERVABILITY__LOGGING__LEVEL=Warning BUNBASE__SUBSCRIPTIONS__CHECKPOINTEVERY="$1" dotnet "$app" --config "$config" >>"$work/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/_health/live" >/dev/null 2>&1 && break; sleep 0.1; done
  ports+=("$port")
}
start 100; stop_all; ports=()   # creates the runtime's tables

reset() {
  sql "truncate bunbase_events; truncate bunbase_event_streams; delete from bunbase_subscription_partitions; delete from bunbase_subscription_members; delete from bunbase_subscription_dead; truncate event_latency;"
}

# events/s: the process starts on an empty store and takes every partition; then N events over 1,000 streams are
# stored at once (numbered, with the notification a sequencer pass sends) and the clock runs until every partition's
# saved position has reached the last one, sampled every 50 ms.
drain_rate() { # drain_rate CHECKPOINT_EVERY EVENTS -> events/s
  reset
  start "$1"
  for _ in $(seq 1 200); do
    [ "$(sql "select count(*) from bunbase_subscription_partitions where subscription = 'noop-subscriber' and lease_owner is not null")" -eq 16 ] && break
    sleep 0.05
  done
  sql "insert into bunbase_events (global_position, id, stream, category, version, type, partition_key, data, metadata)
       select row_number() over (order by v, s), gen_random_uuid(), 'benchev-' || s, 'benchev', v, 'bench-added', hashtext('benchev-' || s) & 2147483647, '{\"n\":1}', '{}'
       from generate_series(1, $2 / 1000) v, generate_series(1, 1000) s; analyze bunbase_events;" >/dev/null
  local first last="" reached
  first=$(date +%s.%N)
  sql "select pg_notify('bunbase_events', '$2')" >/dev/null
  for _ in $(seq 1 12000); do
    reached=$(sql "select coalesce(min(position), 0) from bunbase_subscription_partitions where subscription = 'noop-subscriber'")
    if [ "$reached" -ge "$2" ]; then last=$(date +%s.%N); break; fi
    sleep 0.05
  done
  stop_all; ports=()
  [ -n "$last" ] || { echo "the subscription did not catch up"; tail -20 "$work/server.log"; exit 1; }
  awk -v n="$2" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", n / (b - a) }'
}

declare -A best
keep() { if [ -z "${best[$1]:-}" ] || [ "$2" -gt "${best[$1]}" ]; then best[$1]=$2; fi; }
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  r=$(drain_rate 100 "$EVENTS"); echo "  checkpoint every 100: $r events/s"; keep every-100 "$r"
  r=$(drain_rate 1 "$EVENTS_EVERY_1"); echo "  checkpoint every event: $r events/s"; keep every-1 "$r"
done

# Latency: one process, an idle subscription, one publish every PING_GAP_MS.
reset
start 100
for i in $(seq 1 "$PINGS"); do
  curl -fs -X POST "http://127.0.0.1:${ports[0]}/events/ping" -H 'content-type: application/json' -d "{\"n\":$i}" >/dev/null
  sleep "$(awk -v ms="$PING_GAP_MS" 'BEGIN { print ms / 1000 }')"
done
for _ in $(seq 1 200); do [ "$(sql "select count(*) from event_latency")" -ge "$PINGS" ] && break; sleep 0.05; done
stop_all; ports=()
read -r p50 p99 <<<"$(sql "select round(percentile_cont(0.5) within group (order by ms)::numeric, 2), round(percentile_cont(0.99) within group (order by ms)::numeric, 2) from event_latency" | tr '|' ' ')"

stamp=$(date -u +%Y-%m-%d)
out=${OUT:-benchmarks/results/$stamp-events.md}
{
  echo "# Event subscription benchmarks, $stamp"
  echo
  echo "Command: \`EVENTS=$EVENTS EVENTS_EVERY_1=$EVENTS_EVERY_1 PINGS=$PINGS PING_GAP_MS=$PING_GAP_MS ROUNDS=$ROUNDS bash benchmarks/events.sh\`"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), dotnet $(dotnet --version), $(psql --version | head -1); PostgreSQL on loopback, same machine. Best of $ROUNDS rounds. One process, 16 partitions, defaults otherwise (batches of up to 500 events but never past the next save: 100, or 1; 16 streams at once); no-op handler, run log off."
  echo
  echo "| what | events/s | goal |"
  echo "|---|---|---|"
  echo "| no-op subscriber, positions saved every 100 events ($EVENTS events over 1,000 streams) | ${best[every-100]} | >= 20,000 |"
  echo "| no-op subscriber, positions saved every event ($EVENTS_EVERY_1 events) | ${best[every-1]} | - |"
  echo
  echo "Publish-to-handler latency on an idle subscription (one process, $PINGS events published over HTTP every $PING_GAP_MS ms, measured by PostgreSQL's clock from the publishing transaction's start (\`now()\`, the event's \`created_at\`) to the handler's start): p50 $p50 ms, p99 $p99 ms (goal: p50 < 10 ms)."
  echo
  echo "Load average at the end: $(cut -d" " -f1-3 /proc/loadavg) (other work on the machine shares its cores)."
} >"$out"
cat "$out"
