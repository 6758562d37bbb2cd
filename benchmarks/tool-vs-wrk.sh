#!/usr/bin/env bash
# Cross-checks `bunbase benchmark` against wrk: the same server (the bench app, started once), the same
# connections and duration, tool then wrk, alternating over ROUNDS rounds. Records req/s, p99, each load
# generator's own CPU per request and the server's CPU per request under each, in
# benchmarks/results/YYYY-MM-DD-tool-vs-wrk.md.
#
#   bash benchmarks/tool-vs-wrk.sh                       # hello echo db-read, full length
#   DURATION=5 ROUNDS=1 bash benchmarks/tool-vs-wrk.sh hello
#   OUT=benchmarks/results/x.md bash benchmarks/tool-vs-wrk.sh db-read db-read-fixed   # db-read-fixed: one id, wrk without Lua
#   bash benchmarks/tool-vs-wrk.sh stall      # a known tail: every 200th request 10 ms late
#
# Goals: the tool's req/s within 10% of wrk's, its CPU per request no higher than wrk's, p99 within 20%
# (the tool's "p99 as wrk", corrected as wrk corrects its own, against wrk's).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-50}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(hello echo db-read)
declare -A PATH_OF=([hello]=/hello [echo]=/echo [db-read]=/users/1 [db-read-fixed]=/users/1 [db-write]=/notes [stall]=/stall)
declare -A SCRIPT_OF=([echo]=echo.lua [db-read]=db-read.lua [db-write]=db-write.lua)

command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
bunbase_dll=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
bunbase_tool=src/Cli/bin/Release/net10.0/bunbase.dll

work=$(mktemp -d -t bunbase-tool-vs-wrk.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

tool_kind="bunbase benchmark"
run_tool() { dotnet "$bunbase_tool" benchmark "$@" >"$work/tool.log" 2>&1; }

if [[ " ${SCENARIOS[*]} " == *" db-"* ]]; then
  echo "preparing the benchmark database..."
  name=$(basename "${DATABASE_URL_BENCH%%\?*}")
  psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
    || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
  DATABASE_URL="$DATABASE_URL_BENCH" dotnet "$bunbase_tool" migrate --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >/dev/null
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
env PORT="$port" DATABASE_URL="$DATABASE_URL_BENCH" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  BUNBASE__AUTH__SESSIONSECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" \
  dotnet "$bunbase_dll" --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/hello" >/dev/null 2>&1 && break; sleep 0.1; done
url="http://127.0.0.1:$port"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }
declare -A rows
# The fresh server's first load is mostly JIT (its CPU per request about 1.5x the later rounds'); whichever
# tool went first would meet it, so every scenario is loaded once before the measured rounds.
for scenario in "${SCENARIOS[@]}"; do
  script=""; [ -n "${SCRIPT_OF[$scenario]:-}" ] && script="-s benchmarks/scripts/${SCRIPT_OF[$scenario]}"
  # shellcheck disable=SC2086
  wrk -t1 -c"$CONNECTIONS" -d"${SERVER_WARMUP:-10}s" $script "$url${PATH_OF[$scenario]}" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for scenario in "${SCENARIOS[@]}"; do
    # The tool: one round, its own warm-up, the scenario from benchmarks/scenarios.json.
    run_tool --url "$url" --server-pid "$server_pid" --scenario-file "$PWD/benchmarks/scenarios.json" \
      --duration "$DURATION" --warmup "$WARMUP" --rounds 1 --connections "$CONNECTIONS" --threads 1 \
      --output "$work/tool.json" "$scenario" || { cat "$work/tool.log"; exit 1; }
    cat "$work/tool.log" >>"$work/raw.txt"
    tool=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["scenarios"][0]; print(s["throughput"], s["latency"]["p99"], s["wrkLatency"]["p99"], s["generator"]["cpuMicrosPerRequest"], s["server"]["cpuMicrosPerRequest"], s["errors"] + s["timeouts"] + s["non2xx"])' "$work/tool.json")
    # wrk: the same server, connections and duration; its CPU from /usr/bin/time-like accounting of the child.
    script=""; [ -n "${SCRIPT_OF[$scenario]:-}" ] && script="-s benchmarks/scripts/${SCRIPT_OF[$scenario]}"
    # shellcheck disable=SC2086
    wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" $script "$url${PATH_OF[$scenario]}" >/dev/null
    before=$(ticks "$server_pid")
    # shellcheck disable=SC2086
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency $script "$url${PATH_OF[$scenario]}" >"$work/wrk.txt" &
    wrk_pid=$!
    wrk_ticks=0
    while kill -0 "$wrk_pid" 2>/dev/null; do t=$(ticks "$wrk_pid" 2>/dev/null || echo "$wrk_ticks"); wrk_ticks=${t:-$wrk_ticks}; sleep 0.2; done
    wait "$wrk_pid"
    after=$(ticks "$server_pid")
    { echo "### wrk $scenario (round $round)"; cat "$work/wrk.txt"; echo; } >>"$work/raw.txt"
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    wrk_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    wrk_p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")")
    wrk_cpu=$(awk -v t="$wrk_ticks" -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.2f", t / hz / n * 1e6 }')
    wrk_server=$(awk -v t="$((after - before))" -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.2f", t / hz / n * 1e6 }')
    wrk_errors=$( (grep -E "Non-2xx|Socket errors" "$work/wrk.txt" || true) | tr '\n' ' ')
    rows["$scenario:$round"]="$tool $wrk_rps $wrk_p99 $wrk_cpu $wrk_server ${wrk_errors:-0}"
    echo "  round $round $scenario: tool ${tool%% *} req/s, wrk $wrk_rps req/s"
  done
done

stamp=$(date -u +%Y-%m-%d)
out="${OUT:-benchmarks/results/$stamp-tool-vs-wrk.md}"
{
  echo "# bunbase benchmark against wrk, $stamp"
  echo
  echo "Command: \`DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS bash benchmarks/tool-vs-wrk.sh ${*:-}\`"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), dotnet $(dotnet --version); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Server: the bench app (Release, Production, PostgreSQL at BENCH_DATABASE_URL), started once, warmed with wrk for ${SERVER_WARMUP:-10}s per scenario, then loaded by both tools in turn."
  echo "Tool: $tool_kind, \`--connections $CONNECTIONS --threads 1 --pipelining 1 --duration $DURATION --warmup $WARMUP --rounds 1\`, closed loop."
  echo "wrk: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\` (after a ${WARMUP}s warm-up) with the scripts of \`benchmarks/run.sh\`."
  echo
  echo "| scenario | round | tool req/s | wrk req/s | req/s ratio | tool p99 ms (raw / as wrk) | wrk p99 ms | p99 ratio (as wrk) | tool CPU µs/req | wrk CPU µs/req | server µs/req (tool / wrk) | tool errors | wrk errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for scenario in "${SCENARIOS[@]}"; do
    for round in $(seq 1 "$ROUNDS"); do
      read -r t_rps t_raw t_p99 t_cpu t_server t_err w_rps w_p99 w_cpu w_server w_err <<<"${rows[$scenario:$round]}"
      echo "| $scenario | $round | $t_rps | $w_rps | $(awk -v a="$t_rps" -v b="$w_rps" 'BEGIN{printf "%.2f", a/b}') | $t_raw / $t_p99 | $w_p99 | $(awk -v a="$t_p99" -v b="$w_p99" 'BEGIN{printf "%.2f", (b>0)?a/b:0}') | $t_cpu | $w_cpu | $t_server / $w_server | $t_err | $w_err |"
    done
  done
  echo
  echo "CPU µs/req: the load generator's own user + system time per response (the tool's process; wrk's process); server µs/req: the"
  echo "bench app's, from /proc, under each load. Goals: req/s ratio within 0.90..1.10, tool CPU no higher than wrk's, p99 ratio within 0.80..1.20."
  echo "p99 as wrk: the tool's p99 after the correction wrk applies to its own latencies once a run ends (stats_correct: each"
  echo "latency of at least twice the mean interval between a connection's requests also counts the requests it held back); the ratio uses it."
  echo
  echo "<details><summary>raw output</summary>"
  echo
  echo '```'
  cat "$work/raw.txt"
  echo '```'
  echo "</details>"
} >"$out"
echo "wrote $out"
