#!/usr/bin/env bash
# hello and db-read through nginx (deploy/nginx.conf, adapted in ports and paths only) with 1, 2 and 3
# instances of the scenario app, and direct to one instance: what the proxy costs and what more
# instances buy on this machine. Records req/s, p50, p99 and the ratio to direct under benchmarks/results/.
#
#   bash benchmarks/nginx.sh
#   DURATION=3 WARMUP=1 bash benchmarks/nginx.sh hello      # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
CONNECTIONS=${CONNECTIONS:-50}
DATABASE_URL_BENCH=${BENCH_DATABASE_URL:-postgres://bunbase_test:bunbase_test@127.0.0.1:5432/bunbase_bench}
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(hello db-read)
declare -A PATH_OF=([hello]=/hello [db-read]=/users/1)
declare -A SCRIPT_OF=([db-read]=db-read.lua)
VARIANTS=(direct-1 nginx-1 nginx-2 nginx-3)

command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; NGINX=/usr/sbin/nginx; }

echo "building (Release)..."
dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet src/Cli/Bunbase.Cli.csproj >/dev/null
bunbase_dll=benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll
bunbase_tool=src/Cli/bin/Release/net10.0/bunbase.dll

work=$(mktemp -d -t bunbase-nginx.XXXXXX)
session_secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
pids=()
nginx_pid=""
stop_all() {
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT

echo "preparing the benchmark database..."
name=$(basename "${DATABASE_URL_BENCH%%\?*}")
psql "${DATABASE_URL_BENCH%/*}/postgres" -qAtc "select 1 from pg_database where datname = '$name'" | grep -q 1 \
  || psql "${DATABASE_URL_BENCH%/*}/postgres" -qc "create database $name" >/dev/null
DATABASE_URL="$DATABASE_URL_BENCH" dotnet "$bunbase_tool" migrate --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
to_ms() { awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.2f", n }'; }

start_instances() { # start_instances N: N instances on free ports, sharing the database; sets ports=()
  ports=()
  for _ in $(seq 1 "$1"); do
    local port; port=$(free_port)
    env Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production PORT="$port" DATABASE_URL="$DATABASE_URL_BENCH" \
      BUNBASE__AUTH__SESSIONSECRET="$session_secret" BUNBASE__TRUSTEDPROXIES=127.0.0.1 BUNBASE__SHUTDOWNDRAINMS=0 \
      dotnet "$bunbase_dll" --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >>"$work/server.log" 2>&1 &
    pids+=($!)
    ports+=("$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$port/_health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  done
}

start_nginx() { # start_nginx PORT: the shipped configuration in front of ${ports[@]}
  local listen=$1 servers="" line
  line=$(grep -o 'server app:3000 resolve[^;]*;' deploy/nginx.conf)
  for port in "${ports[@]}"; do servers+="server 127.0.0.1:$port${line#server app:3000 resolve}\n        "; done
  mkdir -p "$work/nginx"
  sed -e "s|pid /tmp/nginx.pid;|pid $work/nginx/nginx.pid;|" \
      -e "s|error_log /dev/stderr warn;|error_log $work/nginx/error.log warn;|" \
      -e "s|access_log /dev/stdout upstreams;|access_log $work/nginx/access.log upstreams; client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;|" \
      -e "s|resolver 127.0.0.11 valid=5s ipv6=off;||" \
      -e "s|$line|$servers|" \
      -e "s|listen 80;|listen 127.0.0.1:$listen;|" deploy/nginx.conf >"$work/nginx/nginx.conf"
  "$NGINX" -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' 2>>"$work/nginx/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$listen/_health/ready" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "nginx did not start:"; cat "$work/nginx/error.log"; exit 1
}

declare -A best
measure_once() { # measure_once VARIANT SCENARIO
  local variant=$1 scenario=$2 count=${1#*-} url script=""
  start_instances "$count"
  if [[ "$variant" == direct-* ]]; then
    url="http://127.0.0.1:${ports[0]}"
  else
    local listen; listen=$(free_port)
    start_nginx "$listen"
    url="http://127.0.0.1:$listen"
  fi
  [ -n "${SCRIPT_OF[$scenario]:-}" ] && script="-s benchmarks/scripts/${SCRIPT_OF[$scenario]}"
  # shellcheck disable=SC2086
  wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" $script "$url${PATH_OF[$scenario]}" >/dev/null
  # shellcheck disable=SC2086
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency $script "$url${PATH_OF[$scenario]}" >"$work/wrk.txt"
  stop_all
  rm -rf "$work/nginx"
  { echo "### $variant $scenario"; cat "$work/wrk.txt"; echo; } >>"$work/raw.txt"
  local rps p50 p99 non2xx key="$variant:$scenario"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$work/wrk.txt")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$work/wrk.txt"); [ -z "$non2xx" ] || { echo "$variant $scenario: $non2xx non-2xx responses"; cat "$work/wrk.txt"; exit 1; }
  if [ -z "${best[$key]:-}" ] || awk -v a="$rps" -v b="${best[$key]%% *}" 'BEGIN{exit !(a>b)}'; then best[$key]="$rps $p50 $p99"; fi
  echo "  $variant $scenario: $rps req/s, p50 $p50 ms, p99 $p99 ms"
}

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round/$ROUNDS"
  for scenario in "${SCENARIOS[@]}"; do
    for variant in "${VARIANTS[@]}"; do measure_once "$variant" "$scenario"; done
  done
done

field() { echo "${best[$1]}" | awk -v i="$2" '{print $i}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
stamp=$(date -u +%Y-%m-%d)
out="benchmarks/results/$stamp-nginx-$(IFS=-; echo "${SCENARIOS[*]}").md"
{
  echo "# Through nginx, $stamp"
  echo
  echo "Command: \`DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS bash benchmarks/nginx.sh ${*:-}\`"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), dotnet $(dotnet --version), $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(psql --version | head -1)."
  echo "Load: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\` on loopback; wrk, nginx (worker_processes auto), the instances and PostgreSQL share the machine; best of $ROUNDS round(s)."
  echo "${NOTE:-}"
  echo
  echo "| scenario | variant | req/s | p50 ms | p99 ms | ratio to direct-1 |"
  echo "|---|---|---|---|---|---|"
  for scenario in "${SCENARIOS[@]}"; do
    for variant in "${VARIANTS[@]}"; do
      key="$variant:$scenario"
      echo "| $scenario | $variant | $(field "$key" 1) | $(field "$key" 2) | $(field "$key" 3) | $(ratio "$(field "$key" 1)" "$(field "direct-1:$scenario" 1)") |"
    done
  done
  echo
  echo "Variants: \`direct-1\` is wrk straight to one instance; \`nginx-N\` is wrk to nginx with deploy/nginx.conf"
  echo "(least_conn, upstream keep-alive, access log on) in front of N instances sharing one PostgreSQL database."
  echo
  echo "<details><summary>raw wrk output</summary>"
  echo
  echo '```'
  cat "$work/raw.txt"
  echo '```'
  echo "</details>"
} >"$out"
echo "wrote $out"
