#!/usr/bin/env bash
# The Studio's runs page over a run log of 1,000,000 rows on PostgreSQL: the first page and filtered pages
# (by action, status, trigger, trace id, time window, and a deep keyset page), each fetched ROUNDS times with curl
# from the running scenario app (Release); prints the median and the slowest of each. Loopback only; every wait bounded.
# Signs in with the Studio's Development start-up token (printed in the log), so the app runs in Development.
#
#   bash benchmarks/studio.sh
#   ROWS=200000 ROUNDS=5 bash benchmarks/studio.sh     # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
ROUNDS=${ROUNDS:-15}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench_studio}
config=benchmarks/apps/Bunbase.Bench/bunbase.config.json

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
app=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll

work=$(mktemp -d -t bunbase-studio.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT

sql() { psql "$DATABASE_URL_BENCH" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
  || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PORT=$port DATABASE_URL="$DATABASE_URL_BENCH" ASPNETCORE_ENVIRONMENT=Development BUNBASE__PERSISTENCE__ENABLED=true \
  BUNBASE__QUEUE__ENABLED=false dotnet "$app" --config "$config" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/_health/live" >/dev/null 2>&1 && break; sleep 0.1; done
link=""
for _ in $(seq 1 50); do link=$(grep -o "http://[^ ]*/_studio/sign-in?token=[0-9a-f]*" "$work/server.log" | head -1 || true); [ -n "$link" ] && break; sleep 0.1; done
[ -n "$link" ] || { echo "no Studio sign-in link in the log"; tail -20 "$work/server.log"; exit 1; }
curl -fs -c "$work/cookies" -o /dev/null "$link"

# The log: ROWS runs over the last 7 days (UUIDv7 ids in time order), 20 actions of which one is rare (0.1%),
# triggers http 80% / call 10% / job 8% / cron 2%, statuses ok 96% / rejected 3% / failed 1%, three runs per trace.
if [ "$(sql "select count(*) from bunbase_action_runs")" -ne "$ROWS" ]; then
  echo "loading $ROWS runs..."
  sql "truncate bunbase_action_runs"
  sql "insert into bunbase_action_runs (id, action, trigger, status, http_status, duration_ms, trace_id, span_id, user_id, attempt, started_at, input, output)
       select (lpad(to_hex(ms), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
              case when i % 1000 = 7 then 'rare-action' else 'action-' || (i % 19) end,
              case when i % 50 = 3 then 'cron' when i % 100 < 8 then 'job' when i % 10 = 9 then 'call' else 'http' end,
              case when i % 100 = 42 then 'failed' when i % 100 in (10, 20, 30) then 'rejected' else 'ok' end,
              200, (i % 97) * 0.37, md5((i / 3)::text), substr(h, 1, 16), 'user-' || (i % 5000), 1,
              to_timestamp(ms / 1000.0),
              jsonb_build_object('title', 'task ' || i, 'password', '[redacted]'), jsonb_build_object('id', i, 'ok', true)
       from (select i, md5(i::text) h, (extract(epoch from now()) * 1000)::bigint - ($ROWS - i) * 600 as ms from generate_series(1, $ROWS) i) s;
       analyze bunbase_action_runs;" >/dev/null
fi

trace=$(sql "select trace_id from bunbase_action_runs order by id desc offset 500000 limit 1")
middle=$(sql "select id from bunbase_action_runs order by id desc offset 500000 limit 1")
yesterday=$(date -u -d '1 day ago' +%Y-%m-%dT%H:%M)
hour_after=$(date -u -d '1 day ago + 1 hour' +%Y-%m-%dT%H:%M)
pages=(
  "first page|/_studio/runs"
  "action (5%)|/_studio/runs?action=action-3"
  "rare action (0.1%)|/_studio/runs?action=rare-action"
  "action with no runs|/_studio/runs?action=never-called"
  "status failed (1%)|/_studio/runs?status=failed"
  "status cancelled (none)|/_studio/runs?status=cancelled"
  "trigger cron (2%)|/_studio/runs?trigger=cron"
  "trigger mcp (none)|/_studio/runs?trigger=mcp"
  "action and status failed|/_studio/runs?action=action-3&status=failed"
  "trace id|/_studio/runs?traceId=$trace"
  "one hour, a day ago|/_studio/runs?from=$yesterday&until=$hour_after"
  "keyset page 500,000 runs deep|/_studio/runs?before=$middle"
)
echo "| page | median ms | slowest ms | rows |"
echo "|---|---|---|---|"
for entry in "${pages[@]}"; do
  label=${entry%%|*}; path=${entry#*|}
  times=()
  for _ in $(seq 1 "$ROUNDS"); do
    times+=("$(curl -fs -b "$work/cookies" -o "$work/page.html" -w '%{time_total}' "http://127.0.0.1:$port$path")")
  done
  rows=$({ grep -o "<tr class=" "$work/page.html" || true; } | wc -l)
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v rows="$rows" '{ t[NR] = $1 * 1000 } END { printf "| %s | %.1f | %.1f | %d |\n", label, t[int((NR + 1) / 2)], t[NR], rows }'
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
