#!/usr/bin/env bash
# The server's threads under load: how many threads it runs, context switches and CPU per request, for the
# Bunbase scenario app (on its embedded SQLite file, or on PostgreSQL with DATABASE_URL_BENCH set) and the plain
# app, alternately, on one path. What a thread-pool question needs beside run.sh's req/s: run.sh keeps the best
# round, this prints every round.
#
#   bash benchmarks/threads.sh [bunbase|bunbase-pg|plain ...]
#   CONNECTIONS=100 DURATION=10 WARMUP=3 ROUNDS=3 URL_PATH=/hello
#
# Loopback only; each server is stopped after its round.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-100}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
URL_PATH=${URL_PATH:-/hello}
DATABASE_URL_BENCH=${DATABASE_URL_BENCH:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(plain bunbase bunbase-pg)

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet benchmarks/apps/Plain.Bench/Plain.Bench.csproj >/dev/null

work=$(mktemp -d)
server_pid=""
cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# (a thread may end between the glob and the read: what is left is still read)
switches() { { cat /proc/"$1"/task/*/status 2>/dev/null || true; } | awk '/ctxt_switches/ {s += $2} END {print s}'; }
pool_threads() { { cat /proc/"$1"/task/*/comm 2>/dev/null || true; } | awk '/TP Worker/ {n++} END {print n + 0}'; }

echo "variant     round  req/s      server µs/req  context switches/req  threads (pool workers) under load"
for round in $(seq 1 "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    port=$(free_port)
    env=(Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production PORT="$port"
      BUNBASE__AUTH__SESSIONSECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')")
    case "$variant" in
      plain) env "${env[@]}" dotnet benchmarks/apps/Plain.Bench/bin/Release/net10.0/Plain.Bench.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 & ;;
      bunbase) env "${env[@]}" dotnet benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 & ;;
      bunbase-pg) env "${env[@]}" DATABASE_URL="$DATABASE_URL_BENCH" dotnet benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 & ;;
      *) echo "unknown variant $variant (bunbase, bunbase-pg, plain)"; exit 1 ;;
    esac
    server_pid=$!
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port$URL_PATH" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fs "http://127.0.0.1:$port$URL_PATH" >/dev/null || { echo "$variant did not start:"; cat "$work/server.log"; exit 1; }
    wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port$URL_PATH" >/dev/null
    cpu0=$(cpu_ticks "$server_pid"); sw0=$(switches "$server_pid")
    wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$port$URL_PATH" >"$work/wrk.txt" &
    load=$!
    sleep $((DURATION / 2))
    threads=$(awk '/^Threads/ {print $2}' "/proc/$server_pid/status"); workers=$(pool_threads "$server_pid")
    wait "$load"
    cpu1=$(cpu_ticks "$server_pid"); sw1=$(switches "$server_pid")
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    awk -v v="$variant" -v r="$round" -v rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" -v t=$((cpu1 - cpu0)) \
      -v hz="$(getconf CLK_TCK)" -v n="$requests" -v s=$((sw1 - sw0)) -v th="$threads" -v w="$workers" \
      'BEGIN { printf "%-11s %-6s %-10s %-14.1f %-21.2f %s (%s)\n", v, r, rps, t / hz / n * 1e6, s / n, th, w }'
  done
done
echo "(wrk -t1 -c$CONNECTIONS -d${DURATION}s $URL_PATH after a ${WARMUP}s warm-up; threads counted halfway through the load)"
