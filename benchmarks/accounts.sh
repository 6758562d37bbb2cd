#!/usr/bin/env bash
# Accounts module benchmarks on PostgreSQL and Redis, in one session on this machine (the accounts fixture app,
# tests/Bunbase.AccountsApp, Release, accounts.enabled):
#  - sign-in with a password: POST /_accounts/sign-in (PBKDF2 at auth.passwordIterations, the throttle's store, a session row);
#  - a permission-guarded action with a session token, then with an API key, both as Authorization: Bearer
#    (GET /notes, [RequirePermission("notes:read")]): the goal is API-key authentication within 10% of session authentication;
#  - an organisation-scoped action, GET /orgs/{org}/projects with [Guard<OrgMember>] (one membership read a request).
# Each is wrk for SECONDS_RUN with CONNECTIONS connections; the server's CPU per request is its user+system time over the run
# (from /proc) divided by the requests. Prints a Markdown table and the load average.
#
#   bash benchmarks/accounts.sh
#   SECONDS_RUN=5 bash benchmarks/accounts.sh     # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_RUN=${SECONDS_RUN:-10}
CONNECTIONS=${CONNECTIONS:-32}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench_accounts}
REDIS_URL_BENCH=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}

echo "building (Release)..." >&2
dotnet build -c Release -nologo -v quiet tests/Bunbase.AccountsApp/Bunbase.AccountsApp.csproj >/dev/null
app=tests/Bunbase.AccountsApp/bin/Release/net10.0/Bunbase.AccountsApp.dll

work=$(mktemp -d -t bunbase-accounts.XXXXXX)
server=""
cleanup() { { [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null; } || true; rm -rf "$work"; }
trap cleanup EXIT

name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "drop database if exists $name" >/dev/null
psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
sql() { psql "$DATABASE_URL_BENCH" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo '{ "name": "bench-accounts" }' >"$work/bunbase.config.json"
PORT=$port DATABASE_URL="$DATABASE_URL_BENCH" REDIS_URL="$REDIS_URL_BENCH" ASPNETCORE_ENVIRONMENT=Production \
  BUNBASE__AUTH__SESSIONSECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" \
  BUNBASE__OBSERVABILITY__LOGGING__LEVEL=Warning BUNBASE__MAIL__TRANSPORT=log \
  BUNBASE__ACCOUNTS__ENABLED=true BUNBASE__ACCOUNTS__ROLEPERMISSIONS__0__ROLE=member BUNBASE__ACCOUNTS__ROLEPERMISSIONS__0__PERMISSIONS__0=notes:read \
  dotnet "$app" --config "$work/bunbase.config.json" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/_health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/_health/ready" >/dev/null || { echo "the app did not start"; cat "$work/server.log"; exit 1; }
base="http://127.0.0.1:$port"

# One verified account (the code went to the log transport; the benchmark marks the email verified itself),
# its session, an organisation and an API key scoped to notes:read.
export BENCH_EMAIL=bench@example.com BENCH_PASSWORD="bench password 123"
post() { curl -fs -X POST "$base$1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"; }
post /_accounts/sign-up "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" >/dev/null
sql "update bunbase_accounts set email_verified_at = 0"
session=$(post /_accounts/sign-in "{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
org=$(post /_accounts/orgs '{"name":"Bench"}' "$session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
key=$(post /_accounts/api-keys '{"name":"bench","permissions":["notes:read"]}' "$session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
rows=()
run() { # run LABEL CONNECTIONS wrk-arguments...
  local label=$1 connections=$2; shift 2
  wrk -t2 -c"$connections" -d2s "$@" >/dev/null   # warm-up
  local before after out requests rate non2xx
  before=$(cpu_ticks)
  out=$(wrk -t2 -c"$connections" -d"${SECONDS_RUN}s" --latency "$@")
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rate=$(echo "$out" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  local p50 p99 cpu
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  cpu=$(python3 -c "print(f'{($after - $before) / $hz * 1e6 / max($requests, 1):.0f}')")
  rows+=("| $label | $rate | $p50 | $p99 | $cpu | ${non2xx:-0} |")
}

# The fresh server's JIT is still tiering up for tens of seconds (measured: a fifth of the process's CPU on the tiered
# compilation thread 10 s after start), so whichever scenario came first paid for it: every request path is warmed first.
wrk -t2 -c"$CONNECTIONS" -d"${SERVER_WARMUP:-10}s" -H "Authorization: Bearer $session" "$base/notes" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${SERVER_WARMUP:-10}s" -H "Authorization: Bearer $key" "$base/notes" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"${SERVER_WARMUP:-10}s" -H "Authorization: Bearer $session" "$base/orgs/$org/projects" >/dev/null

# Sign-in: 4 connections, fewer than auth.signIn.freeAttempts: each attempt is counted before its password is
# checked, so more concurrent sign-ins of one email than that are throttled (429) by design. PBKDF2 saturates 2 cores anyway.
run "sign-in (password), 4 connections" 4 -s benchmarks/scripts/accounts-sign-in.lua "$base/_accounts/sign-in"
run "GET /notes, session bearer" "$CONNECTIONS" -H "Authorization: Bearer $session" "$base/notes"
run "GET /notes, API key bearer" "$CONNECTIONS" -H "Authorization: Bearer $key" "$base/notes"
run "GET /orgs/{org}/projects, session (org guard)" "$CONNECTIONS" -H "Authorization: Bearer $session" "$base/orgs/$org/projects"

echo "| scenario | req/s | p50 | p99 | server CPU µs/req | non-2xx |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $CONNECTIONS connections, ${SECONDS_RUN}s each"
