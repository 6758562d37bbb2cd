#!/usr/bin/env bash
# Start-up and idle memory of the bench app (Production, embedded defaults: no DATABASE_URL, no Redis) beside the
# plain minimal-API app: process start to the first 200 from /hello (polled every 10 ms), and the resident set 1 s
# later. For the bench app also its resident set after it has served /openapi.json and /docs/index.html once, which
# are set up on first use. Variants alternate, in reverse order every other round; every start is printed.
#
#   bash benchmarks/idle.sh                      # plain and bunbase, 5 rounds
#   BEFORE=../old bash benchmarks/idle.sh        # also the bench app of another checkout, as "before"
#   ROUNDS=3 bash benchmarks/idle.sh
#   R2R=1 bash benchmarks/idle.sh                # also the bench app published with ReadyToRun, as "bunbase-r2r"
#
# Writes results/DATE-idle.md (or the file given as the first argument). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
BEFORE_TREE=${BEFORE:-}
result="${1:-benchmarks/results/$(date -u +%Y-%m-%d)-idle.md}"

dotnet build -c Release -nologo -v quiet benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
dotnet build -c Release -nologo -v quiet benchmarks/apps/Plain.Bench/Plain.Bench.csproj >/dev/null
variants=(plain bunbase)
if [ -n "$BEFORE_TREE" ]; then
  BEFORE_TREE=$(cd "$BEFORE_TREE" && pwd)
  dotnet build -c Release -nologo -v quiet "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj" >/dev/null
  variants=(plain before bunbase)
fi
work=$(mktemp -d)
server_pid=""
cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [ -n "${R2R:-}" ]; then
  # Published as a user would (framework-dependent), its assemblies precompiled: less JIT at start, larger files.
  dotnet publish -c Release -nologo -v quiet -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o "$work/r2r" benchmarks/apps/Bunbase.Bench/Bunbase.Bench.csproj >/dev/null
  variants+=(bunbase-r2r)
fi

export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production
# The bench app has a guarded action, so outside Development it needs a session secret.
BUNBASE__AUTH__SESSIONSECRET=$(head -c 48 /dev/urandom | base64 -w0)
export BUNBASE__AUTH__SESSIONSECRET
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }

start() { # start VARIANT PORT: starts the server in the background, sets server_pid
  local variant=$1 port=$2
  case "$variant" in
    plain) PORT=$port dotnet benchmarks/apps/Plain.Bench/bin/Release/net10.0/Plain.Bench.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 & ;;
    bunbase) PORT=$port dotnet benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 & ;;
    bunbase-r2r) PORT=$port dotnet "$work/r2r/Bunbase.Bench.dll" --config benchmarks/apps/Bunbase.Bench/bunbase.config.json >"$work/server.log" 2>&1 & ;;
    before) PORT=$port dotnet "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/bin/Release/net10.0/Bunbase.Bench.dll" --config "$BEFORE_TREE/benchmarks/apps/Bunbase.Bench/bunbase.config.json" >"$work/server.log" 2>&1 & ;;
  esac
  server_pid=$!
}

declare -A first rss used
printf '%-12s %5s %10s %8s %s\n' variant round "first ms" "RSS MB" "RSS after /openapi.json and /docs, MB"
for round in $(seq 1 "$ROUNDS"); do
  order=("${variants[@]}")
  if (( round % 2 == 0 )); then order=(); for (( i=${#variants[@]}-1; i>=0; i-- )); do order+=("${variants[$i]}"); done; fi
  for variant in "${order[@]}"; do
    port=$(free_port)
    t0=$(date +%s%N)
    start "$variant" "$port"
    ok=""
    for _ in $(seq 1 3000); do # at most about 60 s
      curl -sf -o /dev/null "http://127.0.0.1:$port/hello" 2>/dev/null && { ok=1; break; }
      sleep 0.01
    done
    [ -n "$ok" ] || { echo "$variant did not start:"; cat "$work/server.log"; exit 1; }
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    sleep 1
    idle=$(rss_mb "$server_pid")
    after="-"
    if [ "$variant" != plain ]; then
      curl -sf -o /dev/null "http://127.0.0.1:$port/openapi.json"
      curl -sf -o /dev/null "http://127.0.0.1:$port/docs/index.html"
      sleep 1
      after=$(rss_mb "$server_pid")
    fi
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
    printf '%-12s %5s %10s %8s %s\n' "$variant" "$round" "$ms" "$idle" "$after"
    first[$variant]+="$ms "; rss[$variant]+="$idle "; used[$variant]+="$after "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
{
  echo "# Start-up and idle memory, $(date -u +%Y-%m-%d)"
  echo
  echo "Command: \`${BEFORE_TREE:+BEFORE=<checkout of $(git -C "$BEFORE_TREE" log -1 --format=%h)> }${R2R:+R2R=1 }ROUNDS=$ROUNDS bash benchmarks/idle.sh\` at $(git log -1 --format=%h)$(git diff --quiet HEAD -- src benchmarks/apps || echo ' with uncommitted changes')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, Linux $(uname -r), dotnet $(dotnet --version). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| variant | first 200, ms (each start) | RSS 1 s later, MB (each start) | median RSS | RSS after /openapi.json and /docs, MB |"
  echo "|---|---|---|---|---|"
  for variant in "${variants[@]}"; do
    echo "| $variant | ${first[$variant]% } | ${rss[$variant]% } | $(median <<<"${rss[$variant]}") | ${used[$variant]% } |"
  done
  echo
  echo "The bench app in Production on its embedded defaults (no DATABASE_URL, no Redis); \`plain\` is the minimal-API app${R2R:+; \`bunbase-r2r\` the bench app published with \`-p:PublishReadyToRun=true\`}."
  echo "first 200: from the process's start to the first 200 from /hello, polled every 10 ms."
} >"$result"
echo "wrote $result"
