#!/usr/bin/env bash
# Realtime benchmarks, in one session on this machine (the scenario app, Release, Production):
#  - publish-to-receive latency p50/p99 with SUBSCRIBERS subscribers at RATE publishes a second (so
#    SUBSCRIBERS x RATE deliveries a second), over SSE and over WebSocket, on the same instance (the embedded
#    default's in-process backplane, and Redis) and across two instances through Redis (subscribers on one,
#    publishes on the other); each publish is a POST to an action calling ctx.Channels.PublishAsync;
#  - deliveries per second fanned out to SUBSCRIBERS SSE and SUBSCRIBERS WebSocket subscribers together, with
#    publishes as fast as 8 outstanding requests allow;
#  - memory per idle connection: the server's managed heap (after a full collection) and working set before and after
#    opening IDLE connections of each kind, on a fresh process.
# The server's CPU per delivery is read from /proc. The load runs on the same cores as the server.
# Writes benchmarks/results/YYYY-MM-DD-realtime.md. Loopback only; every wait is bounded.
#
#   bash benchmarks/realtime.sh
#   SECONDS_RUN=3 bash benchmarks/realtime.sh      # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${SUBSCRIBERS:-1000}
RATE=${RATE:-100}
SECONDS_RUN=${SECONDS_RUN:-10}
IDLE=${IDLE:-2000}
REDIS_URL_BENCH=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
config=benchmarks/apps/Bunbase.Bench/bunbase.config.json

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet benchmarks/realtime/Load.cs >/dev/null
app=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
load() { dotnet run -c Release --no-build benchmarks/realtime/Load.cs -- "$@"; }

work=$(mktemp -d -t bunbase-realtime.XXXXXX)
pids=()
stop_all() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
cleanup() { stop_all; rm -rf "$work"; }
trap cleanup EXIT

session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # start PORT REDIS_URL ("" for the in-process backplane); sets $pid
  local redis=()
  [ -n "$2" ] && redis=(BUNBASE__REDIS__URL="$2")
  env "${redis[@]}" PORT=$1 BUNBASE__AUTH__SESSIONSECRET="$session_secret" ASPNETCORE_ENVIRONMENT=Production \
    BUNBASE__OBSERVABILITY__LOGGING__LEVEL=Warning BUNBASE__REALTIME__MAXCONNECTIONSPERUSER=100000 \
    dotnet "$app" --config "$config" >>"$work/server.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$1/_health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the app did not start"; cat "$work/server.log"; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system, in clock ticks
hz=$(getconf CLK_TCK)

rows=()
# measure LABEL SSE WS RATE PUBLISH_PORT SUBSCRIBE_PORT SERVER_PIDS...
measure() {
  local label=$1 sse=$2 ws=$3 rate=$4 publish=$5 subscribe=$6; shift 6
  load fanout "http://127.0.0.1:$publish/" "http://127.0.0.1:$subscribe/" 20 20 2 50 >/dev/null   # warm-up
  local before=0 after=0 p
  for p in "$@"; do before=$((before + $(cpu_ticks "$p"))); done
  read -r published delivered expected span p50 p99 max closed failed < <(load fanout "http://127.0.0.1:$publish/" "http://127.0.0.1:$subscribe/" "$sse" "$ws" "$SECONDS_RUN" "$rate")
  for p in "$@"; do after=$((after + $(cpu_ticks "$p"))); done
  local per_second cpu_us
  per_second=$(python3 -c "print(f'{$delivered / $span:,.0f}')")
  cpu_us=$(python3 -c "print(f'{($after - $before) / $hz * 1e6 / max($delivered, 1):.2f}')")
  rows+=("| $label | $sse / $ws | $( [ "$rate" = 0 ] && echo "max" || echo "$rate/s") | $p50 | $p99 | $max | $per_second | $delivered of $expected ($closed closed, $failed failed publishes) | $cpu_us |")
  echo "${rows[-1]}"
}

port=$(free_port)
start "$port" ""   # idle memory first, on a fresh process whose heap no earlier run has grown
read -r sse_heap sse_rss ws_heap ws_rss open < <(load idle "http://127.0.0.1:$port/" "$IDLE" "$IDLE")
stop_all
port=$(free_port)
start "$port" ""
measure "one instance, in-process" "$SUBSCRIBERS" 0 "$RATE" "$port" "$port" "$pid"
measure "one instance, in-process" 0 "$SUBSCRIBERS" "$RATE" "$port" "$port" "$pid"
measure "one instance, in-process" "$SUBSCRIBERS" "$SUBSCRIBERS" 0 "$port" "$port" "$pid"
stop_all

a=$(free_port); start "$a" "$REDIS_URL_BENCH"; pid_a=$pid
b=$(free_port); start "$b" "$REDIS_URL_BENCH"; pid_b=$pid
measure "one instance, Redis" "$SUBSCRIBERS" 0 "$RATE" "$a" "$a" "$pid_a"
measure "across two instances, Redis" "$SUBSCRIBERS" 0 "$RATE" "$a" "$b" "$pid_a" "$pid_b"
measure "across two instances, Redis" 0 "$SUBSCRIBERS" "$RATE" "$a" "$b" "$pid_a" "$pid_b"
stop_all

out="benchmarks/results/$(date +%F)-realtime.md"
{
  echo "# Realtime ($(date +%F))"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); the load generator and Redis on the same cores;"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each publish is a POST to an action that calls \`ctx.Channels.PublishAsync\`; latency runs from the POST's send to the"
  echo "subscriber's read, on the load's own clock. CPU per delivery is the server processes' user+system time over the run"
  echo "divided by the deliveries (publishing requests included)."
  echo
  echo "| backplane | SSE / WS subscribers | publishes | p50 ms | p99 ms | max ms | deliveries/s | delivered | server CPU µs per delivery |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Memory per idle connection ($IDLE of each on a fresh process, in-process backplane; the managed heap after a full"
  echo "collection, and the working set, before and after): SSE $sse_heap KB heap, $sse_rss KB working set; WebSocket $ws_heap KB"
  echo "heap, $ws_rss KB working set ($open still open at the end). The working set also counts what the collection freed but"
  echo "the runtime kept committed."
  echo
  echo "Goals: p99 under 50 ms at 1,000 subscribers; at least 100,000 deliveries/s; at most 20 KB per idle connection."
  echo
  echo "Reproduce: \`bash benchmarks/realtime.sh\` (\`SUBSCRIBERS\`, \`RATE\`, \`SECONDS_RUN\`, \`IDLE\`, \`BENCH_REDIS_URL\`)."
} >"$out"
cat "$out"
