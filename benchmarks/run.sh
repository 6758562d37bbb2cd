#!/usr/bin/env bash
# Loads the Bunbase scenario app and a plain ASP.NET Core minimal-API app doing the same work, in one
# session on this machine, and records req/s, p50, p99 and ratios under benchmarks/results/.
#
#   bash benchmarks/run.sh                           # every scenario, full length
#   bash benchmarks/run.sh db-read db-write          # some scenarios
#   DURATION=3 WARMUP=1 ROUNDS=1 bash benchmarks/run.sh hello   # a quick look
#   BEFORE=../old bash benchmarks/run.sh hello echo me db-read db-write
#        # a regression check: also measures the bench app of another checkout (an earlier commit, e.g.
#        # `git worktree add ../old HEAD~3`) as variant "before", alternating with this one, and adds a
#        # before -> after table
#   BEFORE=../old BEFORE_AS=bunbase-logged VARIANTS=bunbase-logged bash benchmarks/run.sh hello-logged
#        # the same, with "before" started as (and compared with) another variant than "bunbase"
#
# Each (variant, scenario) pair is measured ROUNDS times, variants alternating within a round (in reverse
# order every other round), and
# the best round is kept (noise on a shared machine only ever makes a run slower). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-50}
REDIS_URL_BENCH=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(hello hello-c100 echo openapi health metrics hello-limited hello-observed hello-logged me db-read db-write db-write-logged)
# VARIANTS="bunbase plain" keeps only those of each scenario's variants (a baseline from another scenario is still measured).
ONLY_VARIANTS=${VARIANTS:-}
BEFORE_TREE=${BEFORE:-}
BEFORE_AS=${BEFORE_AS:-bunbase} # the variant whose settings "before" runs with, and which the before -> after table compares it with
VARIANTS_ASKED=$ONLY_VARIANTS

# --- scenarios: request, load script, the variants measured, and what each ratio compares with ---
declare -A PATH_OF=([hello]=/hello [hello-c100]=/hello [health]=/_health [metrics]=/_metrics [echo]=/echo [openapi]=/openapi.json [hello-limited]=/hello-limited [hello-observed]=/hello [hello-logged]=/hello [me]=/me [me-anonymous]=/me-anonymous [db-read]=/users/1 [db-write]=/notes [db-write-logged]=/notes)
declare -A SCRIPT_OF=([echo]=echo.lua [me]=session.lua [db-read]=db-read.lua [db-write]=db-write.lua [db-write-logged]=db-write.lua)
declare -A VARIANTS_OF=(
  [hello]="plain bunbase bunbase-pg"
  [hello-c100]="plain bunbase"
  [health]="bunbase"
  [metrics]="bunbase bunbase-nodefault"
  [echo]="plain bunbase"
  [openapi]="bunbase"
  [hello-limited]="bunbase bunbase-redis"
  [hello-observed]="bunbase-unobserved bunbase-observed bunbase-observed10 bunbase-metrics bunbase-traced"
  [hello-logged]="bunbase-unlogged bunbase-logged bunbase-logged-sqlite"
  [me]="bunbase bunbase-redis"
  [db-read]="plain plain-mux plain-mux-prepared bunbase bunbase-pool bunbase-sqlite"
  [db-write]="plain plain-mux plain-mux-prepared bunbase bunbase-pool bunbase-sqlite"
  [db-write-logged]="bunbase-unlogged bunbase-logged"
)
if [ -n "$BEFORE_TREE" ]; then
  [ -f "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj" ] || { echo "BEFORE=$BEFORE_TREE: no benchmarks/apps/Bunbase.Bench there"; exit 1; }
  BEFORE_TREE=$(cd "$BEFORE_TREE" && pwd)
  for s in "${!VARIANTS_OF[@]}"; do VARIANTS_OF[$s]="before ${VARIANTS_OF[$s]}"; done
  [ -z "$ONLY_VARIANTS" ] || ONLY_VARIANTS="before $ONLY_VARIANTS"
fi
# Variants measured only when VARIANTS names them, in the scenarios listed (settings to compare, not part of a full run).
declare -A OPTIONAL_VARIANTS_OF=(
  [hello]="plain-nospin bunbase-spin bunbase-nopgo bunbase-nodelay"
  [hello-c100]="plain-nospin bunbase-spin"
  [echo]="plain-nospin bunbase-spin"
  [health]="bunbase-spin"
  [metrics]="bunbase-spin"
  [openapi]="bunbase-spin"
  [hello-logged]="bunbase-logged-spin"
  [db-read]="plain-mux-prepared-nospin bunbase-tls bunbase-notls bunbase-spin bunbase-nopgo"
  [db-write]="plain-mux-prepared-nospin bunbase-tls bunbase-notls bunbase-spin bunbase-nopgo bunbase-nodelay"
)
# The baseline of a ratio: "variant" (same scenario), "variant:scenario", or "best-plain" (the best plain-* variant).
declare -A BASELINE_OF=([hello]=plain [hello-c100]=plain [health]=bunbase:hello [metrics]=bunbase:hello [echo]=plain [openapi]=bunbase:hello [hello-limited]=bunbase:hello [hello-observed]=bunbase-unobserved [hello-logged]=bunbase-unlogged [me]=bunbase:me-anonymous [db-read]=best-plain [db-write]=best-plain [db-write-logged]=bunbase-unlogged)
declare -A GOAL_OF=(
  [hello]="Bunbase >= 0.90x plain"
  [hello-c100]="100 connections: Bunbase >= 0.95x plain"
  [health]="GET /_health (a database ping): CPU per request and p99 at most Bunbase-on-Bun's (48.5 us, 7.3 ms)"
  [metrics]="GET /_metrics with process and runtime metrics: CPU per scrape at most Bunbase-on-Bun's (76 us); bunbase-nodefault without them"
  [echo]="Bunbase >= 0.85x plain"
  [openapi]=">= 0.8x Bunbase hello"
  [hello-limited]="Redis-limited >= 0.8x unlimited hello"
  [hello-observed]="metrics and tracing at sampling 100% (OTLP to a local receiver) >= 0.9x observability off"
  [hello-logged]="action-run log on (PostgreSQL COPY; the embedded file) >= 0.95x the log off (persistence.enabled=false)"
  [me]="authenticated GET /me (session cookie; revocations in the database's KV table or in Redis) >= 0.9x the same action without a session"
  [db-read]="Bunbase >= 0.9x the best plain variant and >= 16k req/s (1.5x Bunbase-on-Bun's 10.7k on this kind of machine)"
  [db-write]="Bunbase >= 0.9x the best plain variant and >= 7.8k req/s (Bunbase-on-Bun's figure on this kind of machine)"
  [db-write-logged]="action-run log on (PostgreSQL COPY) >= 0.83x the log off: the run log costs a write less than it costs Bunbase-on-Bun (0.83 on/off)"
)
needs_database() { [[ "$1" == db-* || "$1" == hello-logged || "$1" == hello || "$1" == health ]]; }
# Connections per scenario (CONNECTIONS, 50 by default, for the others).
declare -A CONNECTIONS_OF=([hello-c100]=100)

# --- variants: how each server is started ---
plain_db() { # an Npgsql connection string for the plain app, from the benchmark URL
  python3 - "$DATABASE_URL_BENCH" "$1" <<'PY'
import sys, urllib.parse as u
p = u.urlparse(sys.argv[1])
print(f"Host={p.hostname};Port={p.port or 5432};Username={u.unquote(p.username)};Password={u.unquote(p.password or '')};Database={p.path.strip('/')}{sys.argv[2]}")
PY
}
start_variant() { # start_variant VARIANT SCENARIO PORT
  local variant=$1 scenario=$2 port=$3
  export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
  # Without DATABASE_URL the Bunbase app uses its embedded SQLite file (for the HTTP-only scenarios, only the run log writes to it).
  local -a env=(PORT="$port" BUNBASE__AUTH__SESSIONSECRET="$session_secret")
  on_postgres=""
  local settings=$variant
  [ "$variant" = before ] && settings=$BEFORE_AS
  # hello's own "bunbase" variant stays on the embedded file; bunbase-pg is the same on PostgreSQL.
  if needs_database "$scenario" && [[ "$settings" != *sqlite ]] && { [ "$scenario" != hello ] || [ "$settings" = bunbase-pg ]; }; then
    # (health pings PostgreSQL, as Bunbase-on-Bun's figure does.)
    env+=(DATABASE_URL="$DATABASE_URL_BENCH")
    on_postgres=1
  fi
  case "$settings" in
    plain) env+=(PLAIN_DATABASE="$(plain_db "")") ;;
    plain-mux) env+=(PLAIN_DATABASE="$(plain_db ";Multiplexing=true")") ;;
    plain-mux-prepared) env+=(PLAIN_DATABASE="$(plain_db ";Multiplexing=true;Max Auto Prepare=64")") ;;
    # The plain app with the thread-pool setting Bunbase apps are built with (their runtimeconfig.json has the spin off).
    plain-nospin) env+=(PLAIN_DATABASE="$(plain_db "")" DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0) ;;
    plain-mux-prepared-nospin) env+=(PLAIN_DATABASE="$(plain_db ";Multiplexing=true;Max Auto Prepare=64")" DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0) ;;
    bunbase) ;;
    bunbase-pool) env+=(BUNBASE__DATABASE__MULTIPLEXING=false) ;;
    bunbase-sqlite) ;; # no DATABASE_URL: the embedded file, migrated like the PostgreSQL database
    bunbase-pg) ;;
    # TLS to PostgreSQL asked for (sslmode=prefer, Npgsql's own default) or refused, whatever the runtime's default.
    bunbase-tls) env+=(DATABASE_URL="$DATABASE_URL_BENCH?sslmode=prefer") ;;
    bunbase-notls) env+=(DATABASE_URL="$DATABASE_URL_BENCH?sslmode=disable") ;;
    # The thread pool's workers spin before they sleep, as .NET's default has them do (Bunbase apps are built with it off).
    bunbase-spin) env+=(DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70) ;;
    # How fast the JIT's tiers reach optimized code: without dynamic PGO's instrumented tier, and without the call-counting delay.
    bunbase-nopgo) env+=(DOTNET_TieredPGO=0) ;;
    bunbase-nodelay) env+=(DOTNET_TC_CallCountingDelayMs=0) ;;
    bunbase-logged) env+=(BUNBASE__PERSISTENCE__ENABLED=true) ;;
    bunbase-logged-sqlite) env+=(BUNBASE__PERSISTENCE__ENABLED=true) ;;
    bunbase-logged-spin) env+=(BUNBASE__PERSISTENCE__ENABLED=true DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70) ;;
    bunbase-unlogged) ;; # the bench app's configuration turns the run log off for every other scenario too
    bunbase-redis) env+=(REDIS_URL="$REDIS_URL_BENCH") ;;
    bunbase-nodefault) env+=(BUNBASE__OBSERVABILITY__METRICS__INCLUDEDEFAULTMETRICS=false) ;;
    bunbase-unobserved) env+=(BUNBASE__OBSERVABILITY__ENABLED=false) ;;
    bunbase-observed) env+=(BUNBASE__OBSERVABILITY__TRACING__SAMPLINGRATE=1 BUNBASE__OBSERVABILITY__TRACING__OTLP__ENDPOINT="http://127.0.0.1:$sink_port") ;;
    bunbase-observed10) env+=(BUNBASE__OBSERVABILITY__TRACING__SAMPLINGRATE=0.1 BUNBASE__OBSERVABILITY__TRACING__OTLP__ENDPOINT="http://127.0.0.1:$sink_port") ;;
    # The two halves of bunbase-observed, to see what each costs: metrics alone (no exporter, so no span is recorded), spans alone.
    bunbase-metrics) ;;
    bunbase-traced) env+=(BUNBASE__OBSERVABILITY__METRICS__ENABLED=false BUNBASE__OBSERVABILITY__TRACING__SAMPLINGRATE=1 BUNBASE__OBSERVABILITY__TRACING__OTLP__ENDPOINT="http://127.0.0.1:$sink_port") ;;
    *) echo "unknown variant $variant"; exit 1 ;;
  esac
  if [[ "$variant" == plain* ]]; then
    env "${env[@]}" dotnet "$plain_dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
  elif [ "$variant" = before ]; then
    env "${env[@]}" dotnet "$before_dll" --config "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/bunbase.config.json" >"$work/server.log" 2>&1 &
  else
    env "${env[@]}" dotnet "$bunbase_dll" --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server $variant did not start:"; cat "$work/server.log"; exit 1
}

command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet benchmarks/apps/Plain.Bench/Plain.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
bunbase_dll=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
plain_dll=benchmarks/apps/Plain.Bench/bin/Release/net10.0/Plain.Bench.dll
bunbase_tool=src/Cli/bin/Release/net10.0/bunbase.dll
if [ -n "$BEFORE_TREE" ]; then
  dotnet build -c Release -nologo -v quiet "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj" >/dev/null
  before_dll=$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
  echo "before: $(git -C "$BEFORE_TREE" log -1 --format='%h %s' | cut -c1-80)"
fi

work=$(mktemp -d -t bunbase-bench.XXXXXX)
# The bench app has a guarded action, so outside Development it needs a session secret: a fresh one per run.
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
server_pid="" on_postgres=""
sink_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for scenario in "${SCENARIOS[@]}"; do
  [ -n "${PATH_OF[$scenario]:-}" ] || { echo "unknown scenario $scenario (known: ${!PATH_OF[*]})"; exit 1; }
  if needs_database "$scenario" && [ -z "${database_ready:-}" ]; then
    # A database of its own, created and migrated (10,000 users) by the tool itself.
    echo "preparing the benchmark database..."
    name=$(basename "${DATABASE_URL_BENCH%%\?*}")
    psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
      || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
    DATABASE_URL="$DATABASE_URL_BENCH" dotnet "$bunbase_tool" migrate --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >/dev/null
    dotnet "$bunbase_tool" migrate --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >/dev/null   # the embedded file
    [ -z "$BEFORE_TREE" ] || dotnet "$bunbase_tool" migrate --config "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/bunbase.config.json" >/dev/null   # the other checkout's
    # The run log on PostgreSQL starts empty, so its size and its indexes are this run's: not millions of rows from
    # earlier runs, nor an index another build left (whose rebuild on a large log each server's stop interrupts).
    if [[ " ${SCENARIOS[*]} " == *" hello-logged "* || " ${SCENARIOS[*]} " == *" db-write-logged "* ]]; then
      psql "$DATABASE_URL_BENCH" -qc "drop table if exists bunbase_action_runs" >/dev/null
    fi
    database_ready=1
  fi
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

# hello-observed: spans go to a local OTLP receiver, as they would to a collector on the host.
sink_port=""
if [[ " ${SCENARIOS[*]} " == *" hello-observed "* ]]; then
  sink_port=$(free_port)
  python3 benchmarks/scripts/otlp-sink.py "$sink_port" >"$work/sink.log" 2>&1 &
  sink_pid=$!
fi
stop() { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }
to_ms() { # wrk latency "812.00us" | "1.23ms" | "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}

declare -A best cpu pg_cpu sink_cpu rss spans_per_request
sink_count() { curl -fs "http://127.0.0.1:$sink_port/count"; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$1/status"; } # resident set of a process, MB
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime of a process, in clock ticks
us_per_request_of() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { printf "%.2f", t / hz / n * 1e6 }'; } # TICKS REQUESTS -> µs a request
# "pid ticks" of every PostgreSQL process (backends, WAL writer, checkpointer, ...; a standby's too if one runs).
postgres_ticks() { local pid; for pid in $(pgrep -x postgres); do awk -v pid="$pid" '{print pid, $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done; }
# Ticks spent between two postgres_ticks by the processes alive at the second, counted per process: a sum of totals
# went down (even below zero) when a backend of the server measured before closed during the measurement.
postgres_ticks_between() { awk 'NR == FNR { before[$1] = $2; next } { sum += $2 - before[$1] } END { print sum + 0 }' <(echo "$1") <(echo "$2"); }
measure_once() { # measure_once VARIANT SCENARIO: keeps the best "rps p50 p99" per pair
  local variant=$1 scenario=$2 port script="" connections
  connections=${CONNECTIONS_OF[$scenario]:-$CONNECTIONS}
  port=$(free_port)
  if [[ "$scenario" == db-write* ]] && [[ "$variant" != *sqlite ]]; then
    # Each measurement starts from the same database state: an empty notes table and no checkpoint
    # pending from the writes of the measurement before it (the variant measured second would pay for it).
    psql "$DATABASE_URL_BENCH" -qc "truncate notes restart identity" -c "checkpoint" >/dev/null
  fi
  local spans_before="" exports="" settings=$variant
  [ "$variant" != before ] || settings=$BEFORE_AS
  # The receiver's CPU while a variant exports to it: work on the same two cores that a deployment's collector does elsewhere.
  [ -z "$sink_port" ] || [[ "$settings" != bunbase-observed* && "$settings" != bunbase-traced ]] || exports=1
  # Spans the OTLP receiver counted while this server ran, per request it answered: with sampling at 100%
  # every request's spans, none dropped by the exporter (the server flushes them as it stops).
  [ -z "$exports" ] || [ "$settings" = bunbase-observed10 ] || spans_before=$(sink_count)
  start_variant "$variant" "$scenario" "$port"
  sleep 1 # idle: after start-up and one request
  local rss_idle rss_loaded
  rss_idle=$(rss_mb "$server_pid")
  [ -n "${SCRIPT_OF[$scenario]:-}" ] && script="-s benchmarks/scripts/${SCRIPT_OF[$scenario]}"
  if [ "$scenario" = me ]; then
    # A session for the load: its token goes out as the cookie (session.lua).
    BENCH_SESSION_TOKEN=$(curl -fs -X POST "http://127.0.0.1:$port/session" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$BENCH_SESSION_TOKEN" ] || { echo "could not sign in for the me scenario"; cat "$work/server.log"; exit 1; }
    export BENCH_SESSION_TOKEN
  fi
  # shellcheck disable=SC2086
  wrk -t1 -c"$connections" -d"${WARMUP}s" $script "http://127.0.0.1:$port${PATH_OF[$scenario]}" >"$work/warmup.txt"
  local cpu_before cpu_after pg_before="" pg_after sink_before="" sink_after
  [ -z "$on_postgres" ] || pg_before=$(postgres_ticks)
  [ -z "$exports" ] || sink_before=$(cpu_ticks "$sink_pid")
  cpu_before=$(cpu_ticks "$server_pid")
  # shellcheck disable=SC2086
  wrk -t1 -c"$connections" -d"${DURATION}s" --latency $script "http://127.0.0.1:$port${PATH_OF[$scenario]}" >"$work/wrk.txt"
  cpu_after=$(cpu_ticks "$server_pid")
  [ -z "$pg_before" ] || pg_after=$(postgres_ticks)
  [ -z "$sink_before" ] || sink_after=$(cpu_ticks "$sink_pid")
  rss_loaded=$(rss_mb "$server_pid")
  stop
  { echo "### $variant $scenario"; cat "$work/wrk.txt"; echo; } >>"$work/raw.txt"
  local rps p50 p99 non2xx key="$variant:$scenario"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$work/wrk.txt")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$work/wrk.txt"); [ -z "$non2xx" ] || { echo "$variant $scenario: $non2xx non-2xx responses"; cat "$work/wrk.txt" "$work/server.log"; exit 1; }
  if [ -z "${best[$key]:-}" ] || awk -v a="$rps" -v b="${best[$key]%% *}" 'BEGIN{exit !(a>b)}'; then best[$key]="$rps $p50 $p99"; fi
  # The server's own CPU per request (user + system), the least of the rounds: less sensitive than req/s to
  # neighbours taking the machine's time, and it leaves out the load generator and PostgreSQL.
  local requests us_per_request
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  us_per_request=$(us_per_request_of $((cpu_after - cpu_before)) "$requests")
  if [ -z "${cpu[$key]:-}" ] || awk -v a="$us_per_request" -v b="${cpu[$key]}" 'BEGIN{exit !(a<b)}'; then cpu[$key]=$us_per_request; fi
  # PostgreSQL's CPU per request, the least of the rounds: what the server's statements cost the database.
  local pg_per_request=""
  if [ -n "$pg_before" ]; then
    pg_per_request=$(us_per_request_of "$(postgres_ticks_between "$pg_before" "$pg_after")" "$requests")
    if [ -z "${pg_cpu[$key]:-}" ] || awk -v a="$pg_per_request" -v b="${pg_cpu[$key]}" 'BEGIN{exit !(a<b)}'; then pg_cpu[$key]=$pg_per_request; fi
  fi
  # The OTLP receiver's CPU per request, the least of the rounds.
  local sink_per_request=""
  if [ -n "$sink_before" ]; then
    sink_per_request=$(us_per_request_of $((sink_after - sink_before)) "$requests")
    if [ -z "${sink_cpu[$key]:-}" ] || awk -v a="$sink_per_request" -v b="${sink_cpu[$key]}" 'BEGIN{exit !(a<b)}'; then sink_cpu[$key]=$sink_per_request; fi
  fi
  # RSS: the least idle figure of the rounds, with the figure after that round's load.
  if [ -z "${rss[$key]:-}" ] || [ "$rss_idle" -lt "${rss[$key]%% *}" ]; then rss[$key]="$rss_idle $rss_loaded"; fi
  local exported=""
  if [ -n "$spans_before" ]; then
    # The answered requests: start-up's one probe, the warm-up's and the measurement's.
    exported=$(awk -v s="$(( $(sink_count) - spans_before ))" -v n="$(( 1 + $(awk '/requests in/ {print $1}' "$work/warmup.txt") + requests ))" 'BEGIN { printf "%.3f", s / n }')
    spans_per_request[$key]="${spans_per_request[$key]:+${spans_per_request[$key]} }$exported"
  fi
  echo "  $variant $scenario: $rps req/s, p50 $p50 ms, p99 $p99 ms, server CPU $us_per_request us/request${pg_per_request:+, PostgreSQL $pg_per_request us/request}${sink_per_request:+, OTLP receiver $sink_per_request us/request}, RSS $rss_idle -> $rss_loaded MB${exported:+, spans exported per request $exported}"
}

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  for scenario in "${SCENARIOS[@]}"; do
    baseline=${BASELINE_OF[$scenario]}
    # A baseline from another scenario is measured in the same round.
    if [[ "$baseline" == *:* ]]; then measure_once "${baseline%%:*}" "${baseline#*:}"; fi
    order=${VARIANTS_OF[$scenario]}
    [ -z "$ONLY_VARIANTS" ] || order="$order ${OPTIONAL_VARIANTS_OF[$scenario]:-}"
    # Every other round in the reverse order: a variant measured right after another inherits its
    # aftermath (a checkpoint, autovacuum, the replica catching up on its writes), so take turns.
    if [ $((round % 2)) -eq 0 ]; then order=$(echo "$order" | tr ' ' '\n' | tac | tr '\n' ' '); fi
    for variant in $order; do
      [ -z "$ONLY_VARIANTS" ] || [[ " $ONLY_VARIANTS " == *" $variant "* ]] || continue
      measure_once "$variant" "$scenario"
    done
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
field() { local v=""; [ -n "$1" ] && v=${best[$1]:-}; [ -n "$v" ] && echo "$v" | awk -v i="$2" '{print $i}' || echo "-"; }
cpu_of() { [ -n "$1" ] && echo "${cpu[$1]:-0}" || echo 0; } # a baseline not measured (VARIANTS left it out) divides nothing
baseline_key() { # the measured key a scenario's ratios divide by
  local scenario=$1 baseline=${BASELINE_OF[$1]} key="" top=0
  case "$baseline" in
    best-plain)
      for variant in ${VARIANTS_OF[$scenario]}; do
        [[ "$variant" == plain* ]] || continue
        if awk -v a="$(field "$variant:$scenario" 1)" -v b="$top" 'BEGIN{exit !(a>b)}'; then top=$(field "$variant:$scenario" 1); key="$variant:$scenario"; fi
      done ;;
    *:*) key=$baseline ;;
    *) key="$baseline:$scenario" ;;
  esac
  echo "$key"
}

stamp=$(date -u +%Y-%m-%d)
label=${LABEL:-$(IFS=-; echo "${SCENARIOS[*]}" | cut -c1-60)}
out="benchmarks/results/$stamp-$label.md"
{
  echo "# Benchmarks, $stamp"
  echo
  echo "Command: \`${BEFORE_TREE:+BEFORE=<checkout of $(git -C "$BEFORE_TREE" log -1 --format=%h)> }$( [ -n "$BEFORE_TREE" ] && [ "$BEFORE_AS" != bunbase ] && echo "BEFORE_AS=$BEFORE_AS ")DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS${VARIANTS_ASKED:+ VARIANTS=\"$VARIANTS_ASKED\"} bash benchmarks/run.sh ${*:-}\`"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), dotnet $(dotnet --version)$(command -v psql >/dev/null && echo ", $(psql --version | head -1)")."
  echo "Load: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\` (hello-c100: 100 connections) on loopback, server (and PostgreSQL) on the same machine; best of $ROUNDS alternating rounds."
  echo "Load average at the start: $load_at_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| scenario | variant | req/s | p50 ms | p99 ms | ratio | against | server CPU µs/req | CPU ratio | PostgreSQL CPU µs/req | RSS idle -> loaded MB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for scenario in "${SCENARIOS[@]}"; do
    base=$(baseline_key "$scenario")
    for variant in ${VARIANTS_OF[$scenario]} ${OPTIONAL_VARIANTS_OF[$scenario]:-}; do
      key="$variant:$scenario"
      [ -n "${best[$key]:-}" ] || continue
      echo "| $scenario | $variant | $(field "$key" 1) | $(field "$key" 2) | $(field "$key" 3) | $(ratio "$(field "$key" 1)" "$(field "$base" 1)") | ${base/:/ } | ${cpu[$key]:--} | $(ratio "$(cpu_of "$base")" "${cpu[$key]:-0}") | ${pg_cpu[$key]:--} | ${rss[$key]/ / -> } |"
    done
  done
  if [ -n "$BEFORE_TREE" ]; then
    echo
    echo "Before -> after: \`before\` is commit $(git -C "$BEFORE_TREE" log -1 --format=%h "HEAD") with \`$BEFORE_AS\`'s settings; \`$BEFORE_AS\` is $(git log -1 --format=%h HEAD)$(git diff --quiet HEAD -- src || echo ' with uncommitted changes'); measured alternately in this run."
    echo
    echo "| scenario | before req/s | after req/s | req/s ratio | before CPU µs/req | after CPU µs/req | CPU ratio (before/after) |"
    echo "|---|---|---|---|---|---|---|"
    for scenario in "${SCENARIOS[@]}"; do
      after=$BEFORE_AS:$scenario
      [ -n "${best[before:$scenario]:-}" ] && [ -n "${best[$after]:-}" ] || continue
      echo "| $scenario | $(field "before:$scenario" 1) | $(field "$after" 1) | $(ratio "$(field "$after" 1)" "$(field "before:$scenario" 1)") | ${cpu[before:$scenario]} | ${cpu[$after]} | $(ratio "${cpu[before:$scenario]}" "${cpu[$after]}") |"
    done
  fi
  echo
  echo "ratio: req/s against the baseline (the goals are stated in it). server CPU: the server process's own CPU time per"
  echo "request (least of the rounds), without wrk or PostgreSQL; CPU ratio: the baseline's over this one's, i.e. the"
  echo "req/s ratio the server would show if CPU were its only limit, and steadier than req/s on a shared machine."
  echo "PostgreSQL CPU: every postgres process's CPU time over the measurement per request (least of the rounds), for"
  echo "the variants that run on it (- on the embedded file)."
  echo "RSS: the server's resident set 1 s after start-up (one request served), least of the rounds, and after that round's load."
  if [ -n "${spans_per_request[*]:-}" ]; then
    echo "Spans the local OTLP receiver counted per answered request, each round (hello has two, the request's and the"
    echo "action's, so 2.000 means the exporter dropped none):$(for key in "${!spans_per_request[@]}"; do echo -n " ${key%%:*} ${spans_per_request[$key]};"; done | sed 's/;$/./')"
  fi
  if [ -n "${sink_cpu[*]:-}" ]; then
    echo "The local OTLP receiver's own CPU per request (least of the rounds; a Python process counting the spans, on the"
    echo "same two cores as the server, where a deployment's collector runs elsewhere, so the req/s ratio pays for it and"
    echo "the server's CPU ratio does not):$(for key in "${!sink_cpu[@]}"; do echo -n " ${key%%:*} ${sink_cpu[$key]} µs;"; done | sed 's/;$/./')"
  fi
  echo
  echo "Variants: \`plain\` is the minimal-API app with a default Npgsql pool, \`plain-mux\` the same with \`Multiplexing=true\`,"
  echo "\`plain-mux-prepared\` adds \`Max Auto Prepare=64\`; \`bunbase\` is the scenario app with its defaults, \`bunbase-pool\`"
  echo "with \`database.multiplexing=false\`, \`bunbase-sqlite\` on the embedded SQLite file (no DATABASE_URL; the HTTP-only"
  echo "scenarios always run that way), \`bunbase-redis\` with Redis rate limits; \`bunbase-unobserved\` with"
  echo "\`observability.enabled=false\`, \`bunbase-observed\` with every request traced and exported over OTLP to a local"
  echo "receiver, \`bunbase-observed10\` the same at samplingRate 0.1, \`bunbase-metrics\` with metrics only (no exporter,"
  echo "so no span is recorded), \`bunbase-traced\` with spans only (metrics off); \`bunbase-logged\` with the action-run log"
  echo "on (PostgreSQL COPY), \`bunbase-logged-sqlite\` on the embedded file, \`bunbase-unlogged\` with it off;"
  echo "\`bunbase-nodefault\` serves metrics without the process and runtime ones (\`includeDefaultMetrics=false\`);"
  echo "\`bunbase-tls\` / \`bunbase-notls\` with \`?sslmode=prefer\` / \`?sslmode=disable\` in the database URL, \`bunbase-spin\` with"
  echo "\`DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=70\` (.NET's default, which Bunbase apps' runtimeconfig.json turns off;"
  echo "\`plain-nospin\`, \`plain-mux-prepared-nospin\` and \`bunbase-logged-spin\` likewise), \`bunbase-nopgo\` with \`DOTNET_TieredPGO=0\`, \`bunbase-nodelay\` with"
  echo "\`DOTNET_TC_CallCountingDelayMs=0\` (tier-up of hot methods without the runtime's 100 ms wait; measured only when VARIANTS names them)."
  echo
  echo "Goals:"
  for scenario in "${SCENARIOS[@]}"; do echo "- $scenario: ${GOAL_OF[$scenario]}"; done
  echo
  echo "<details><summary>raw wrk output</summary>"
  echo
  echo '```'
  cat "$work/raw.txt"
  echo '```'
  echo "</details>"
} >"$out"
echo "wrote $out"
