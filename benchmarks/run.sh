#!/usr/bin/env bash
# Loads the Bunbase scenario app and a plain ASP.NET Core minimal-API app doing the same work, in one
# session on this machine, and records req/s, p50, p99 and the ratio under benchmarks/results/.
#
#   bash benchmarks/run.sh                 # every scenario, full length
#   DURATION=3 WARMUP=1 ROUNDS=1 bash benchmarks/run.sh hello   # a quick look at one scenario
#
# Each (app, scenario) pair is measured ROUNDS times, alternating apps, and the best round is kept
# (noise on a shared machine only ever makes a run slower). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-50}
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(hello echo openapi hello-limited me)

command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet benchmarks/apps/Plain.Bench/Plain.Bench.csproj >/dev/null
bunbase_dll=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
plain_dll=benchmarks/apps/Plain.Bench/bin/Release/net10.0/Plain.Bench.dll

work=$(mktemp -d -t bunbase-bench.XXXXXX)
# The bench app has a guarded action, so outside Development it needs a session secret: a fresh one per run.
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

# start APP VARIANT PORT: VARIANT is plain | bunbase | bunbase-redis
start() {
  local variant=$1 port=$2
  export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
  case "$variant" in
    plain) dotnet "$plain_dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 & ;;
    bunbase) PORT=$port BUNBASE__AUTH__SESSIONSECRET=$session_secret dotnet "$bunbase_dll" --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 & ;;
    bunbase-redis) PORT=$port BUNBASE__AUTH__SESSIONSECRET=$session_secret REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379} dotnet "$bunbase_dll" --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server $variant did not start:"; cat "$work/server.log"; exit 1
}

stop() { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# Path and wrk script of a scenario, per app.
path_of() {
  case "$1:$2" in
    plain:openapi) echo "" ;;          # the plain app serves no document
    *:openapi) echo "/openapi.json" ;;
    plain:hello-limited) echo "" ;;
    plain:me*) echo "" ;;
    *:hello-limited) echo "/hello-limited" ;;
    *) echo "/$2" ;;
  esac
}

to_ms() { # wrk latency "812.00us" | "1.23ms" | "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'
}

# measure VARIANT SCENARIO -> "rps p50 p99" (best of ROUNDS)
declare -A best
measure_once() {
  local variant=$1 scenario=$2 path port script=""
  path=$(path_of "${variant%%-*}" "$scenario"); [ -n "$path" ] || return 0
  port=$(free_port)
  start "$variant" "$port"
  [ "$scenario" = echo ] && script="-s benchmarks/scripts/echo.lua"
  if [ "$scenario" = me ]; then
    # A session for the load: its token goes out as the cookie (session.lua).
    BENCH_SESSION_TOKEN=$(curl -fs -X POST "http://127.0.0.1:$port/session" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$BENCH_SESSION_TOKEN" ] || { echo "could not sign in for the me scenario"; cat "$work/server.log"; exit 1; }
    export BENCH_SESSION_TOKEN
    script="-s benchmarks/scripts/session.lua"
  fi
  # shellcheck disable=SC2086
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" $script "http://127.0.0.1:$port$path" >/dev/null
  # shellcheck disable=SC2086
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency $script "http://127.0.0.1:$port$path" >"$work/wrk.txt"
  stop
  { echo "### $variant $scenario"; cat "$work/wrk.txt"; echo; } >>"$work/raw.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$work/wrk.txt")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$work/wrk.txt"); [ -z "$non2xx" ] || { echo "$variant $scenario: $non2xx non-2xx responses"; cat "$work/wrk.txt"; exit 1; }
  local key="$variant:$scenario"
  if [ -z "${best[$key]:-}" ] || awk -v a="$rps" -v b="${best[$key]%% *}" 'BEGIN{exit !(a>b)}'; then best[$key]="$rps $p50 $p99"; fi
  echo "  $variant $scenario: $rps req/s, p50 $p50 ms, p99 $p99 ms"
}

redis_up=false
redis-cli -u "${BENCH_REDIS_URL:-redis://127.0.0.1:6379}" ping >/dev/null 2>&1 && redis_up=true

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  for scenario in "${SCENARIOS[@]}"; do
    if [ "$scenario" = hello-limited ]; then
      measure_once bunbase hello            # the same action without a limit, same round
      measure_once bunbase hello-limited    # in-process limiter
      $redis_up && measure_once bunbase-redis hello-limited
      continue
    fi
    if [ "$scenario" = me ]; then
      measure_once bunbase me-anonymous     # the same action without a session, same round
      measure_once bunbase me               # the session cookie, revocations in process
      $redis_up && measure_once bunbase-redis me   # revocations read from Redis (cached per auth.revocationCacheFor)
      continue
    fi
    measure_once plain "$scenario"
    measure_once bunbase "$scenario"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
field() { local v=${best[$1]:-}; [ -n "$v" ] && echo "$v" | awk -v i="$2" '{print $i}' || echo "-"; }

stamp=$(date -u +%Y-%m-%d)
out="benchmarks/results/$stamp-http.md"
{
  echo "# HTTP benchmarks, $stamp"
  echo
  echo "Command: \`DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS bash benchmarks/run.sh ${*:-}\`"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), dotnet $(dotnet --version)."
  echo "Load: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\` on loopback, server on the same machine; best of $ROUNDS alternating rounds."
  echo
  echo "| scenario | plain req/s | plain p50 ms | plain p99 ms | Bunbase req/s | p50 ms | p99 ms | Bunbase / plain |"
  echo "|---|---|---|---|---|---|---|---|"
  for scenario in "${SCENARIOS[@]}"; do
    [ "$scenario" = hello-limited ] && continue
    [ "$scenario" = me ] && continue
    if [ "$scenario" = openapi ]; then
      echo "| openapi (\`GET /openapi.json\`, vs Bunbase hello) | - | - | - | $(field bunbase:openapi 1) | $(field bunbase:openapi 2) | $(field bunbase:openapi 3) | $(ratio "$(field bunbase:openapi 1)" "$(field bunbase:hello 1)") of hello |"
      continue
    fi
    echo "| $scenario | $(field plain:$scenario 1) | $(field plain:$scenario 2) | $(field plain:$scenario 3) | $(field bunbase:$scenario 1) | $(field bunbase:$scenario 2) | $(field bunbase:$scenario 3) | $(ratio "$(field bunbase:$scenario 1)" "$(field plain:$scenario 1)") |"
  done
  if [[ " ${SCENARIOS[*]} " == *" hello-limited "* ]]; then
    echo
    echo "Rate-limited hello (\`[RateLimit]\` never refusing) against the same action without a limit:"
    echo
    echo "| variant | req/s | p50 ms | p99 ms | vs unlimited hello |"
    echo "|---|---|---|---|---|"
    echo "| hello, no limit | $(field bunbase:hello 1) | $(field bunbase:hello 2) | $(field bunbase:hello 3) | 1.00 |"
    echo "| in-process limiter | $(field bunbase:hello-limited 1) | $(field bunbase:hello-limited 2) | $(field bunbase:hello-limited 3) | $(ratio "$(field bunbase:hello-limited 1)" "$(field bunbase:hello 1)") |"
    echo "| Redis limiter (Lua GCRA, batched reservations) | $(field bunbase-redis:hello-limited 1) | $(field bunbase-redis:hello-limited 2) | $(field bunbase-redis:hello-limited 3) | $(ratio "$(field bunbase-redis:hello-limited 1)" "$(field bunbase:hello 1)") |"
  fi
  if [[ " ${SCENARIOS[*]} " == *" me "* ]]; then
    echo
    echo "Authenticated \`GET /me\` (\`[Authenticated]\`, session cookie) against the same action without a session:"
    echo
    echo "| variant | req/s | p50 ms | p99 ms | vs anonymous |"
    echo "|---|---|---|---|---|"
    echo "| me, anonymous | $(field bunbase:me-anonymous 1) | $(field bunbase:me-anonymous 2) | $(field bunbase:me-anonymous 3) | 1.00 |"
    echo "| me, session (revocations in process) | $(field bunbase:me 1) | $(field bunbase:me 2) | $(field bunbase:me 3) | $(ratio "$(field bunbase:me 1)" "$(field bunbase:me-anonymous 1)") |"
    echo "| me, session (revocations in Redis) | $(field bunbase-redis:me 1) | $(field bunbase-redis:me 2) | $(field bunbase-redis:me 3) | $(ratio "$(field bunbase-redis:me 1)" "$(field bunbase:me-anonymous 1)") |"
  fi
  echo
  echo "Goals: hello >= 0.90x and echo >= 0.85x the plain app; openapi >= 0.8x hello; Redis-limited hello >= 0.8x unlimited; authenticated me >= 0.90x anonymous."
  echo
  echo "<details><summary>raw wrk output</summary>"
  echo
  echo '```'
  cat "$work/raw.txt"
  echo '```'
  echo "</details>"
} >"$out"
echo "wrote $out"
