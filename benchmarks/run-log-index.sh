#!/usr/bin/env bash
# The run log's cost in PostgreSQL per row, by the kind of index on the trace id: the bench app's `hello` with the run
# log on, over a log already holding ROWS rows. `before` is another checkout's bench app (releases before 2026-12-06
# index trace_id with a btree) over the log with that btree; `after` is this checkout's over the log with the hash index
# it builds; alternating. Each log is prepared before its server starts, so neither builds an index while measured.
# Reports req/s, the server's CPU per request and PostgreSQL's (every postgres process, its background writers
# included) per request, from /proc. Loopback only.
#
#   git worktree add --detach ../old <commit>; BEFORE=../old bash benchmarks/run-log-index.sh   # ROWS=2000000 ROUNDS=3 DURATION=10
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-2000000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

BEFORE_TREE=${BEFORE:?BEFORE=<checkout of an earlier commit> is required}

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj" >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
  || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
DATABASE_URL="$DATABASE_URL_BENCH" dotnet src/Cli/bin/Release/net10.0/bunbase.dll migrate --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >/dev/null

sql() { PGOPTIONS="-c client_min_messages=warning" psql "$DATABASE_URL_BENCH" -qAt -c "$1"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # utime + stime, clock ticks
postgres_ticks() { local sum=0 pid; for pid in $(pgrep -x postgres); do sum=$((sum + $(ticks "$pid"))); done; echo "$sum"; }
port=$((20000 + RANDOM % 20000))
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
server_pid=""
trap '[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true' EXIT

# The log at ROWS rows, like one a deployment has after a while (trace ids random, as real ones are).
prepare() { # prepare INDEX: the table back to ROWS rows with only that trace index
  sql "delete from bunbase_action_runs where id > (select id from bunbase_action_runs order by id offset $((ROWS - 1)) limit 1)" || true
  local have; have=$(sql "select count(*) from bunbase_action_runs")
  if [ "$have" -lt "$ROWS" ]; then
    sql "insert into bunbase_action_runs (id, action, trigger, status, http_status, duration_ms, trace_id, span_id, attempt, started_at, input, output)
         select gen_random_uuid(), 'hello', 'http', 'ok', 200, 0.05, md5(random()::text), left(md5(random()::text), 16), 1, now(), '{}', '{\"message\":\"hello\"}'
         from generate_series(1, $((ROWS - have)))"
  fi
  sql "drop index if exists bunbase_action_runs_trace" && sql "drop index if exists bunbase_action_runs_trace_hash"
  case "$1" in
    btree) sql "create index bunbase_action_runs_trace on bunbase_action_runs (trace_id)" ;;
    hash) sql "create index bunbase_action_runs_trace_hash on bunbase_action_runs using hash (trace_id)" ;;
  esac
  sql "vacuum analyze bunbase_action_runs" && sql "checkpoint"
}

start() { # start TREE: that checkout's bench app with the run log on, answering
  env Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production PORT="$port" BUNBASE__AUTH__SESSIONSECRET="$session_secret" \
    DATABASE_URL="$DATABASE_URL_BENCH" BUNBASE__PERSISTENCE__ENABLED=true \
    dotnet "$1/benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll" --config "$1/benchmarks/apps/Bunbase.Bench/bunbase.config.json" >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the bench app in $1 did not start"; exit 1
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

measure() { # measure before|after
  local variant=$1 index=hash tree=.
  [ "$variant" = after ] || { index=btree; tree=$BEFORE_TREE; }
  prepare "$index"
  start "$tree"
  wrk -t1 -c50 -d3s "http://127.0.0.1:$port/hello" >/dev/null
  sleep 1
  local s0 p0 s1 p1 out n
  s0=$(ticks "$server_pid"); p0=$(postgres_ticks)
  out=$(wrk -t1 -c50 -d"${DURATION}s" "http://127.0.0.1:$port/hello")
  sleep 2 # the last flush
  s1=$(ticks "$server_pid"); p1=$(postgres_ticks)
  stop
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  awk -v i="$variant ($index)" -v r="$(echo "$out" | awk '/Requests\/sec/ {print $2}')" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v n="$n" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%-14s %9.0f req/s  server %5.1f us/req  postgres %5.1f us/req\n", i, r, s / hz / n * 1e6, p / hz / n * 1e6 }'
}

# The runtime makes the run log's table at start (migrations are the app's own).
start . && stop
echo "before: $(git -C "$BEFORE_TREE" log -1 --format='%h %s' | cut -c1-80)"
echo "log of $ROWS rows; $ROUNDS rounds of ${DURATION}s each, alternating"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then measure before; measure after; else measure after; measure before; fi
done
prepare hash # as this checkout's runtime keeps it
