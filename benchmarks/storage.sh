#!/usr/bin/env bash
# Storage benchmark on the local backend (one runtime process, the files fixture app, Release):
#  - upload and download of one large file (default 100 MB) through the app (curl, raw body / GET);
#  - upload and download of many small files (default 1,000 of 10 KB; one curl process, one kept-alive
#    connection, in sequence);
#  - against `cp` of the same data on the same disk (the ceiling: no HTTP, no hashing, no spooling);
#  - and, when nginx is installed, the same large upload (WebDAV PUT) and download (sendfile) through a
#    private nginx with the same curl: what the fastest plain HTTP file server reaches on this machine.
# Files are random bytes; every download is checked against its source. The page cache is warm for
# both sides. Writes benchmarks/results/YYYY-MM-DD-storage.md. Loopback only; every wait is bounded.
#
# Before measuring, WARMUP (default 3) large round trips and one small batch let the JIT settle.
#
#   bash benchmarks/storage.sh
#   LARGE_MB=20 SMALL_FILES=200 bash benchmarks/storage.sh     # a quicker look
#   APP=/elsewhere/Bunbase.FilesApp.dll OUT=before.md bash benchmarks/storage.sh   # another build of the fixture app
set -euo pipefail
cd "$(dirname "$0")/.."

LARGE_MB=${LARGE_MB:-100}
SMALL_FILES=${SMALL_FILES:-1000}
SMALL_KB=${SMALL_KB:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}

if [ -n "${APP:-}" ]; then
  app=$APP
else
  echo "building (Release)..."
  dotnet build -c Release -nologo -v quiet tests/Bunbase.FilesApp/Bunbase.FilesApp.csproj >/dev/null
  app=tests/Bunbase.FilesApp/bin/Release/net10.0/Bunbase.FilesApp.dll
fi

work=$(mktemp -d -t bunbase-storage.XXXXXX)
pid=
NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ -n "$NGINX" ] && [ -f "$work/nginx/nginx.pid" ] && "$NGINX" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$work/bunbase.config.json" <<JSON
{ "name": "storage-bench", "host": "127.0.0.1", "port": $port,
  "storage": { "localPath": "$work/storage", "maxUploadBytes": $(( (LARGE_MB + 1) * 1000000 )) },
  "observability": { "logging": { "level": "Warning" } } }
JSON
ASPNETCORE_ENVIRONMENT=Production dotnet "$app" --config "$work/bunbase.config.json" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/_health/live" >/dev/null 2>&1 && break; sleep 0.2; done
base="http://127.0.0.1:$port"

if [ -n "$NGINX" ]; then
  nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/nginx/root" "$work/nginx/body"
  cat >"$work/nginx/nginx.conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  client_max_body_size $(( LARGE_MB + 1 ))m;
  client_body_buffer_size 1m;
  sendfile on;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/root;
    location / { dav_methods PUT; }
  }
}
NGINX
  "$NGINX" -c "$work/nginx/nginx.conf"
  nginx_base="http://127.0.0.1:$nginx_port"
fi

echo "making data..."
head -c $((LARGE_MB * 1000000)) /dev/urandom >"$work/large.bin"
mkdir -p "$work/small"
for i in $(seq 1 "$SMALL_FILES"); do head -c $((SMALL_KB * 1000)) /dev/urandom >"$work/small/$i.bin"; done
small_total=$((SMALL_FILES * SMALL_KB * 1000))
for i in $(seq 1 "$SMALL_FILES"); do
  printf 'upload-file = "%s/small/%s.bin"\nurl = "%s/files?key=small/%s.bin"\noutput = "/dev/null"\n' "$work" "$i" "$base" "$i"
done >"$work/upload.curl"
for i in $(seq 1 "$SMALL_FILES"); do
  printf 'url = "%s/files?key=small/%s.bin"\noutput = "%s/down/%s.bin"\n' "$base" "$i" "$work" "$i"
done >"$work/download.curl"

now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.3f}')"; }
mbps() { python3 -c "print(f'{$1 / 1e6 / $2:.0f}')"; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
# The app's own CPU time so far (user + system, ms): read around each transfer, it leaves out curl and the disk.
tick_ms=$((1000 / $(getconf CLK_TCK)))
cpu_ms() { awk -v t="$tick_ms" '{print ($14 + $15) * t}' "/proc/$pid/stat"; }

for _ in $(seq 1 "$WARMUP"); do
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/octet-stream' -T "$work/large.bin" "$base/files?key=large.bin"
  curl -fsS -o /dev/null "$base/files?key=large.bin"
done
if [ "$WARMUP" -gt 0 ]; then
  mkdir -p "$work/down"
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/octet-stream' -K "$work/upload.curl"
  curl -fsS -K "$work/download.curl"
fi

declare -a cp_large up_large down_large cp_small up_small down_small nginx_up nginx_down cpu_up_large cpu_down_large cpu_up_small cpu_down_small
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$work/copy.bin" "$work/small-copy" "$work/down" "$work/large.out"; mkdir -p "$work/down"
  t0=$(now); cp "$work/large.bin" "$work/copy.bin"; t1=$(now); cp_large+=("$(seconds "$t0" "$t1")")
  t0=$(now); cp -r "$work/small" "$work/small-copy"; t1=$(now); cp_small+=("$(seconds "$t0" "$t1")")

  c0=$(cpu_ms); t0=$(now)
  curl -fsS -o /dev/null -X POST -H 'Content-Type: application/octet-stream' -T "$work/large.bin" "$base/files?key=large.bin"
  t1=$(now); up_large+=("$(seconds "$t0" "$t1")"); cpu_up_large+=($(( $(cpu_ms) - c0 )))
  c0=$(cpu_ms); t0=$(now); curl -fsS -o "$work/large.out" "$base/files?key=large.bin"; t1=$(now); down_large+=("$(seconds "$t0" "$t1")"); cpu_down_large+=($(( $(cpu_ms) - c0 )))
  cmp -s "$work/large.bin" "$work/large.out" || { echo "large download differs"; exit 1; }
  if [ -n "${nginx_base:-}" ]; then
    rm -f "$work/large.out"
    t0=$(now); curl -fsS -o /dev/null -T "$work/large.bin" "$nginx_base/large.bin"; t1=$(now); nginx_up+=("$(seconds "$t0" "$t1")")
    t0=$(now); curl -fsS -o "$work/large.out" "$nginx_base/large.bin"; t1=$(now); nginx_down+=("$(seconds "$t0" "$t1")")
    cmp -s "$work/large.bin" "$work/large.out" || { echo "nginx's large download differs"; exit 1; }
  fi

  c0=$(cpu_ms); t0=$(now); curl -fsS -o /dev/null -X POST -H 'Content-Type: application/octet-stream' -K "$work/upload.curl"; t1=$(now); up_small+=("$(seconds "$t0" "$t1")"); cpu_up_small+=($(( $(cpu_ms) - c0 )))
  c0=$(cpu_ms); t0=$(now); curl -fsS -K "$work/download.curl"; t1=$(now); down_small+=("$(seconds "$t0" "$t1")"); cpu_down_small+=($(( $(cpu_ms) - c0 )))
  diff -rq "$work/small" "$work/down" >/dev/null || { echo "small downloads differ"; exit 1; }
  echo "round $round: large cp ${cp_large[-1]}s up ${up_large[-1]}s (${cpu_up_large[-1]} ms CPU) down ${down_large[-1]}s (${cpu_down_large[-1]} ms CPU)${nginx_base:+ (nginx up ${nginx_up[-1]:-}s down ${nginx_down[-1]:-}s)}; small cp ${cp_small[-1]}s up ${up_small[-1]}s down ${down_small[-1]}s"
done

large=$((LARGE_MB * 1000000))
row() { # name bytes cp-seconds seconds [server-CPU-ms]
  printf '| %s | %s s | %s MB/s | %s s | %s MB/s | %s | %s |\n' "$1" "$4" "$(mbps "$2" "$4")" "$3" "$(mbps "$2" "$3")" "$(python3 -c "print(f'{$3 / $4:.2f}')")" "${5:--}"
}
out=${OUT:-benchmarks/results/$(date -u +%F)-storage.md}
{
  echo "# Storage, local backend: $LARGE_MB MB file and $SMALL_FILES files of $SMALL_KB KB, against cp"
  echo
  echo "Command: \`LARGE_MB=$LARGE_MB SMALL_FILES=$SMALL_FILES SMALL_KB=$SMALL_KB ROUNDS=$ROUNDS WARMUP=$WARMUP bash benchmarks/storage.sh\` ($(date -u '+%F %H:%M UTC'))${APP:+, APP set to another build}."
  echo "Machine: $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
  echo "The files fixture app (Release, one process, local backend) on loopback; curl as the client (one process,"
  echo "one kept-alive connection, transfers in sequence); storage and cp on the same disk ($(df --output=fstype "$work" | tail -1 | tr -d ' ')), page cache warm."
  echo "Best of $ROUNDS rounds. Every download compared with its source."
  echo
  echo "| transfer | time | throughput | cp time | cp throughput | cp time / time (goal for the large file: 0.5 or more) | server CPU ms (least of the rounds) |"
  echo "|---|---|---|---|---|---|---|"
  row "upload, $LARGE_MB MB" "$large" "$(best "${cp_large[@]}")" "$(best "${up_large[@]}")" "$(best "${cpu_up_large[@]}")"
  row "download, $LARGE_MB MB" "$large" "$(best "${cp_large[@]}")" "$(best "${down_large[@]}")" "$(best "${cpu_down_large[@]}")"
  if [ -n "${nginx_base:-}" ]; then
    row "nginx upload (WebDAV PUT), $LARGE_MB MB" "$large" "$(best "${cp_large[@]}")" "$(best "${nginx_up[@]}")"
    row "nginx download (sendfile), $LARGE_MB MB" "$large" "$(best "${cp_large[@]}")" "$(best "${nginx_down[@]}")"
  fi
  row "upload, $SMALL_FILES x $SMALL_KB KB" "$small_total" "$(best "${cp_small[@]}")" "$(best "${up_small[@]}")" "$(best "${cpu_up_small[@]}")"
  row "download, $SMALL_FILES x $SMALL_KB KB" "$small_total" "$(best "${cp_small[@]}")" "$(best "${down_small[@]}")" "$(best "${cpu_down_small[@]}")"
  if [ -n "${nginx_base:-}" ]; then
    echo
    echo "Against nginx with the same curl (its time / ours): upload $(python3 -c "print(f'{$(best "${nginx_up[@]}") / $(best "${up_large[@]}"):.2f}')"), download $(python3 -c "print(f'{$(best "${nginx_down[@]}") / $(best "${down_large[@]}"):.2f}')")."
  fi
  echo
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')."
} >"$out"
cat "$out"
