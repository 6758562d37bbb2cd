#!/usr/bin/env bash
# Queue benchmarks on PostgreSQL, in one session on this machine:
#  - no-op jobs per second worked by one and by two runtime processes (the scenario app, Release);
#  - enqueue-to-start latency p50/p99 on an idle queue (one job enqueued every PING_GAP_MS over HTTP);
#  - a pgbench baseline running the same claim-and-complete statements, one job per transaction.
# Writes benchmarks/results/YYYY-MM-DD-queue.md. Loopback only; every wait is bounded.
#
#   bash benchmarks/queue.sh
#   JOBS=20000 PINGS=100 bash benchmarks/queue.sh     # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-50000}
PINGS=${PINGS:-500}
PING_GAP_MS=${PING_GAP_MS:-20}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-10}
ROUNDS=${ROUNDS:-2}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
config=benchmarks/apps/Bunbase.Bench/bunbase.config.json

command -v pgbench >/dev/null || { echo "pgbench is missing (Debian: postgresql-contrib-15 or postgresql-15)"; exit 1; }
echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
app=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
tool=src/Cli/bin/Release/net10.0/bunbase.dll

work=$(mktemp -d -t bunbase-queue.XXXXXX)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_all; rm -rf "$work"; }
trap cleanup EXIT

sql() { psql "$DATABASE_URL_BENCH" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
  || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
DATABASE_URL="$DATABASE_URL_BENCH" dotnet "$tool" migrate --config "$config" >/dev/null
# The queue's tables are the runtime's own: created by the first start.
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # start COUNT: runtime processes working the queue
  for _ in $(seq 1 "$1"); do
    local port; port=$(free_port)
    PORT=$port DATABASE_URL="$DATABASE_URL_BENCH" BUNBASE__AUTH__SESSIONSECRET="$session_secret" ASPNETCORE_ENVIRONMENT=Production \
      BUNBASE__OBSERVABILITY__LOGGING__LEVEL=Warning dotnet "$app" --config "$config" >>"$work/server.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/_health/live" >/dev/null 2>&1 && break; sleep 0.1; done
    ports+=("$port")
  done
}
ports=()
start 1; stop_all; ports=()   # creates the runtime's tables

fill() { # fill N [RUN_AT]: N no-op jobs, written with SQL (the setup; processing is what is measured)
  sql "truncate bunbase_jobs; insert into bunbase_jobs (id, queue, action, input, priority, run_at, max_attempts) select gen_random_uuid(), 'bench', 'noop-job', '{\"n\":1}', 0, ${2:-now()}, 5 from generate_series(1, $1); analyze bunbase_jobs;"
}

# jobs/s: the jobs wait (not yet due) until every process is up; then all become due at once (with a
# notification, as a commit would send) and the clock runs until the queue is empty, sampled every 50 ms.
drain_rate() { # drain_rate PROCESSES -> jobs/s
  fill "$JOBS" "now() + interval '1 day'"
  start "$1"
  local first last="" remaining
  first=$(date +%s.%N)
  sql "update bunbase_jobs set run_at = now() where queue = 'bench'; select pg_notify('bunbase_jobs', '');" >/dev/null
  for _ in $(seq 1 6000); do
    remaining=$(sql "select count(*) from bunbase_jobs where queue = 'bench'")
    if [ "$remaining" -eq 0 ]; then last=$(date +%s.%N); break; fi
    sleep 0.05
  done
  stop_all; ports=()
  [ -n "$last" ] || { echo "the queue did not drain"; tail -20 "$work/server.log"; exit 1; }
  awk -v n="$JOBS" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", n / (b - a) }'
}

pgbench_rate() { # pgbench_rate CLIENTS -> jobs/s (transactions/s, one job each)
  fill $((JOBS * 8))
  pgbench -n -M prepared -c "$1" -j 2 -T "$PGBENCH_SECONDS" -f benchmarks/queue/claim-one.sql "$DATABASE_URL_BENCH" 2>/dev/null \
    | awk '/^tps = / { printf "%.0f", $3 }'
}

declare -A best
keep() { if [ -z "${best[$1]:-}" ] || [ "$2" -gt "${best[$1]}" ]; then best[$1]=$2; fi; }
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  for procs in 1 2; do r=$(drain_rate "$procs"); echo "  bunbase, $procs process(es): $r jobs/s"; keep "bunbase-$procs" "$r"; done
  for clients in 4 8 16; do r=$(pgbench_rate "$clients"); echo "  pgbench -c $clients: $r jobs/s"; keep "pgbench-$clients" "$r"; done
done
pg_best=0; pg_clients=0
for clients in 4 8 16; do if [ "${best[pgbench-$clients]}" -gt "$pg_best" ]; then pg_best=${best[pgbench-$clients]}; pg_clients=$clients; fi; done

# Latency: one process, an idle queue, one enqueue every PING_GAP_MS.
sql "truncate bunbase_jobs; truncate job_latency;"
start 1
for i in $(seq 1 "$PINGS"); do
  curl -fs -X POST "http://127.0.0.1:${ports[0]}/jobs/ping" -H 'content-type: application/json' -d "{\"n\":$i}" >/dev/null
  sleep "$(awk -v ms="$PING_GAP_MS" 'BEGIN { print ms / 1000 }')"
done
for _ in $(seq 1 200); do [ "$(sql "select count(*) from job_latency")" -ge "$PINGS" ] && break; sleep 0.05; done
stop_all; ports=()
read -r p50 p99 <<<"$(sql "select round(percentile_cont(0.5) within group (order by ms)::numeric, 2), round(percentile_cont(0.99) within group (order by ms)::numeric, 2) from job_latency" | tr '|' ' ')"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
stamp=$(date -u +%Y-%m-%d)
out="benchmarks/results/$stamp-queue.md"
{
  echo "# Queue benchmarks, $stamp"
  echo
  echo "Command: \`JOBS=$JOBS PINGS=$PINGS PING_GAP_MS=$PING_GAP_MS PGBENCH_SECONDS=$PGBENCH_SECONDS ROUNDS=$ROUNDS bash benchmarks/queue.sh\`"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), dotnet $(dotnet --version), $(psql --version | head -1); PostgreSQL on loopback, same machine. Best of $ROUNDS rounds."
  echo
  echo "| what | jobs/s | vs pgbench (best, -c $pg_clients) |"
  echo "|---|---|---|"
  echo "| Bunbase, 1 process (defaults: $((2 * $(nproc))) workers, batches of up to 64) | ${best[bunbase-1]} | $(ratio "${best[bunbase-1]}" "$pg_best") |"
  echo "| Bunbase, 2 processes | ${best[bunbase-2]} | $(ratio "${best[bunbase-2]}" "$pg_best") |"
  for clients in 4 8 16; do echo "| pgbench, one job per transaction, -c $clients | ${best[pgbench-$clients]} | $(ratio "${best[pgbench-$clients]}" "$pg_best") |"; done
  echo
  echo "Enqueue-to-start latency on an idle queue (one process, $PINGS jobs enqueued over HTTP every $PING_GAP_MS ms, measured by PostgreSQL's clock from the enqueuing transaction (\`now()\`) to the handler's start): p50 $p50 ms, p99 $p99 ms."
  echo
  echo "Jobs/s is counted from the moment $JOBS no-op jobs (written with SQL before the processes start, due only once every process is up) become due to the queue empty, sampled every 50 ms; each job goes through the whole pipeline (claim, run, completion, metrics, traces where exported). pgbench runs \`benchmarks/queue/claim-one.sql\`: the workers' claim and delete, one job per transaction."
  echo
  echo "Goals: at least 5,000 jobs/s and faster than the one-job-per-transaction pgbench baseline; p50 enqueue-to-start under 10 ms when idle."
} >"$out"
echo "wrote $out"
