#!/usr/bin/env bash
# Webhook benchmarks on PostgreSQL, in one session on this machine (the scenario app, Release):
#  - inbound acknowledgements per second: signed Standard Webhooks deliveries posted by CONCURRENCY clients
#    for SECONDS; each is verified, its id recorded and its job enqueued in one transaction before the 202
#    (the queue is off in this process, so the jobs are only stored);
#  - outbound deliveries per second: DELIVERIES deliveries to one endpoint (a local receiver answering 200),
#    written with SQL as pending with their jobs (the setup); the clock runs until all are delivered (each signed,
#    posted, its attempt and status recorded).
# Writes benchmarks/results/YYYY-MM-DD-webhooks.md. Loopback only; every wait is bounded.
#
#   bash benchmarks/webhooks.sh
#   SECONDS_INBOUND=5 DELIVERIES=2000 bash benchmarks/webhooks.sh     # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_INBOUND=${SECONDS_INBOUND:-15}
CONCURRENCY=${CONCURRENCY:-32}
DELIVERIES=${DELIVERIES:-10000}
WORKERS=${WORKERS:-32}   # queue.workers of the delivering process: a delivery waits on the network, not the CPU
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
config=benchmarks/apps/Bunbase.Bench/bunbase.config.json

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
dotnet build -c Release -nologo -v quiet benchmarks/webhooks/Load.cs >/dev/null
app=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
tool=src/Cli/bin/Release/net10.0/bunbase.dll
load() { dotnet run -c Release --no-build benchmarks/webhooks/Load.cs -- "$@"; }

work=$(mktemp -d -t bunbase-webhooks.XXXXXX)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_all; { [ -n "${receiver:-}" ] && kill -TERM -- "-$receiver" 2>/dev/null; } || true; rm -rf "$work"; }
trap cleanup EXIT

sql() { psql "$DATABASE_URL_BENCH" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
  || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
DATABASE_URL="$DATABASE_URL_BENCH" dotnet "$tool" migrate --config "$config" >/dev/null
secret="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # start PORT QUEUE_ENABLED
  BUNBASE__QUEUE__WORKERS=$WORKERS PORT=$1 DATABASE_URL="$DATABASE_URL_BENCH" BUNBASE__AUTH__SESSIONSECRET="$session_secret" ASPNETCORE_ENVIRONMENT=Production \
    BUNBASE__OBSERVABILITY__LOGGING__LEVEL=Warning BUNBASE__QUEUE__ENABLED="$2" \
    BUNBASE__WEBHOOKS__SECRETS__0__NAME=bench BUNBASE__WEBHOOKS__SECRETS__0__SECRET="$secret" \
    BUNBASE__WEBHOOKS__ALLOWPRIVATEADDRESSES=true dotnet "$app" --config "$config" >>"$work/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/_health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the app did not start"; cat "$work/server.log"; exit 1
}

# Inbound: the jobs are stored, not worked (queue.enabled false), so the figure is the acknowledgement's cost.
port=$(free_port)
start "$port" false
load inbound "http://127.0.0.1:$port/_webhooks/bench" "$secret" 4 2 >/dev/null   # warm-up
sql "truncate bunbase_jobs, bunbase_webhook_receipts"
read -r accepted refused elapsed < <(load inbound "http://127.0.0.1:$port/_webhooks/bench" "$secret" "$CONCURRENCY" "$SECONDS_INBOUND")
stored=$(sql "select count(*) from bunbase_jobs where action = 'noop-webhook'")
inbound_rate=$(python3 -c "print(f'{$accepted / $elapsed:.0f}')")
stop_all

# Outbound: one receiver, one endpoint, DELIVERIES pending deliveries with their jobs due now.
receiver_port=$(free_port)
# In a process group of its own, so stopping it stops `dotnet run`'s child too.
setsid bash -c "exec dotnet run -c Release --no-build benchmarks/webhooks/Load.cs -- receiver $receiver_port" >/dev/null 2>&1 &
receiver=$!
for _ in $(seq 1 100); do curl -fs -X POST "http://127.0.0.1:$receiver_port/hook" >/dev/null 2>&1 && break; sleep 0.1; done
sql "truncate bunbase_jobs, bunbase_webhook_endpoints, bunbase_webhook_messages, bunbase_webhook_deliveries, bunbase_webhook_attempts"
sql "insert into bunbase_webhook_endpoints (id, url, event_types, secret, enabled, ordered, failure_streak, created_at, updated_at)
     values ('ep_bench', 'http://127.0.0.1:$receiver_port/hook', '', '$secret', 1, 0, 0, 0, 0);
     insert into bunbase_webhook_messages (id, type, body, created_at) values ('msg_bench', 'bench', '{\"type\":\"bench\",\"data\":{}}', 0);
     insert into bunbase_webhook_deliveries (id, message_id, endpoint_id, status, attempts, created_at, updated_at)
       select 'dl_' || n, 'msg_bench', 'ep_bench', 'pending', 0, n, n from generate_series(1, $DELIVERIES) n;
     insert into bunbase_jobs (id, queue, action, input, priority, run_at, max_attempts)
       select gen_random_uuid(), 'default', 'bunbase:webhook-delivery', '{\"DeliveryId\":\"dl_' || n || '\"}', 0, now() + interval '1 hour', 8 from generate_series(1, $DELIVERIES) n;
     analyze bunbase_jobs;"
port=$(free_port)
start "$port" true
started=$(date +%s.%N)
sql "update bunbase_jobs set run_at = now(); select pg_notify('bunbase_jobs', 'default')" >/dev/null
for _ in $(seq 1 3000); do
  delivered=$(sql "select count(*) from bunbase_webhook_deliveries where status = 'delivered'")
  [ "$delivered" -ge "$DELIVERIES" ] && break
  sleep 0.1
done
finished=$(date +%s.%N)
outbound_rate=$(python3 -c "print(f'{$delivered / ($finished - $started):.0f}')")
failed=$(sql "select count(*) from bunbase_webhook_attempts where succeeded = 0")
stop_all
kill -TERM -- "-$receiver" 2>/dev/null || true

out="benchmarks/results/$(date +%F)-webhooks.md"
{
  echo "# Webhooks ($(date +%F))"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), PostgreSQL on the same cores;"
  echo "shared with other work while this ran (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)): the figures are a floor, not a ceiling."
  echo
  echo "| measure | result | goal |"
  echo "|---|---|---|"
  echo "| inbound acknowledgements/s (verified, id recorded, job stored, then 202; $CONCURRENCY clients, ${SECONDS_INBOUND}s) | $inbound_rate ($accepted accepted, $refused refused, $stored jobs stored) | 2,000 |"
  echo "| outbound deliveries/s (one endpoint, a local receiver, $DELIVERIES deliveries, queue.workers $WORKERS) | $outbound_rate ($delivered delivered, $failed failed attempts) | 1,000 |"
  echo
  echo "Reproduce: \`bash benchmarks/webhooks.sh\` (\`SECONDS_INBOUND\`, \`CONCURRENCY\`, \`DELIVERIES\`)."
} >"$out"
cat "$out"
