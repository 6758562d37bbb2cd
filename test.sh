#!/usr/bin/env bash
# Runs every test of the solution.
# Installs (apt) and starts PostgreSQL 15 and Redis 7 on loopback when they are not already
# running, so integration tests find them, then runs `dotnet test` and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

PG_PORT="${BUNBASE_TEST_PG_PORT:-5432}"
REPLICA_PORT="${BUNBASE_TEST_REPLICA_PORT:-5433}"
REPLICA_DIR="${BUNBASE_TEST_REPLICA_DIR:-/var/lib/postgresql/15/bunbase-replica}"
REDIS_PORT="${BUNBASE_TEST_REDIS_PORT:-6379}"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
wait_for() { # wait_for SECONDS COMMAND...: bounded wait for a service to answer
  local limit=$1; shift
  for _ in $(seq 1 "$((limit * 2))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "test.sh: timed out waiting for: $*" >&2; return 1
}

missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15 postgresql-client-15)
command -v redis-server >/dev/null || missing+=(redis-server)
# The OpenAPI checks: an independent validator (npm) and the docs page in a headless browser.
{ command -v node >/dev/null && command -v npm >/dev/null; } || missing+=(nodejs npm)
command -v chromium >/dev/null || missing+=(chromium)
# The embedded-defaults test runs the app in a network namespace of its own (unshare, ip) and drives it with curl.
command -v ip >/dev/null || missing+=(iproute2)
command -v curl >/dev/null || missing+=(curl)
# The deploy topology test puts nginx (deploy/nginx.conf) in front of the app's instances.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# Cron schedules in named time zones (Debian installs it by default; minimal images may not).
[ -e /usr/share/zoneinfo/Europe/Paris ] || missing+=(tzdata)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# PostgreSQL: Debian's cluster 15/main, started if it is not answering.
if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
  pg_lsclusters -h 2>/dev/null | grep -q '^15 \+main ' || as_root pg_createcluster 15 main --port "$PG_PORT"
  as_root pg_ctlcluster 15 main start
  wait_for 30 pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
fi
# The suites run many app processes side by side (each with its pools and its listener): Debian's
# default of 100 connections is too few. Raised once, before the replica's base backup copies it.
if [ "$(as_postgres psql -tA -p "$PG_PORT" -c 'show max_connections')" -lt 300 ]; then
  as_postgres psql -q -p "$PG_PORT" -c 'alter system set max_connections = 300' >/dev/null
  as_root pg_ctlcluster 15 main restart
  wait_for 30 pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  # A standby needs at least the primary's max_connections: rebuilt below from a new base backup.
  as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$REPLICA_DIR" -m fast stop >/dev/null 2>&1 || true
fi
# A dedicated role and database for the tests; nothing else on the server is touched.
as_postgres psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE bunbase_test LOGIN SUPERUSER PASSWORD ''bunbase_test'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bunbase_test') \gexec
SELECT 'CREATE DATABASE bunbase_test OWNER bunbase_test'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'bunbase_test') \gexec
SQL

# A streaming replica of that server on a second port, for the read-replica tests: a base backup
# (pg_basebackup -R writes standby.signal and primary_conninfo) started with pg_ctl. Rebuilt from
# scratch whenever it is not answering, so it always follows the current primary.
as_postgres psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<'SQL' >/dev/null
SELECT 'CREATE ROLE bunbase_replicator LOGIN REPLICATION PASSWORD ''bunbase_replicator'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bunbase_replicator') \gexec
SQL
if ! pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT"; then
  as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$REPLICA_DIR" -m immediate stop >/dev/null 2>&1 || true
  as_root rm -rf "$REPLICA_DIR"
  as_postgres env PGPASSWORD=bunbase_replicator pg_basebackup -h 127.0.0.1 -p "$PG_PORT" -U bunbase_replicator \
    -D "$REPLICA_DIR" -R -X stream -c fast
  # Debian keeps a server's configuration outside its data directory: give the standby its own.
  as_postgres sh -c "cat > '$REPLICA_DIR/postgresql.conf'" <<CONF
port = $REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '/var/run/postgresql'
hot_standby = on
CONF
  as_postgres sh -c "cat > '$REPLICA_DIR/pg_hba.conf'" <<'CONF'
local all all peer
host all all 127.0.0.1/32 scram-sha-256
CONF
  as_postgres touch "$REPLICA_DIR/pg_ident.conf"
  as_postgres /usr/lib/postgresql/15/bin/pg_ctl -D "$REPLICA_DIR" -l "$REPLICA_DIR/server.log" -w -t 60 start >/dev/null
  wait_for 30 pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT"
fi

# Redis on loopback, without persistence.
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save "" --appendonly no \
    --logfile "$(mktemp -t bunbase-redis.XXXXXX.log)"
  wait_for 15 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping
fi

# The OpenAPI validator and response checker, pinned by package-lock.json.
(cd tests/openapi-tools && npm ci --no-audit --no-fund --loglevel=error)

export BUNBASE_TEST_DATABASE_URL="postgres://bunbase_test:bunbase_test@127.0.0.1:${PG_PORT}/bunbase_test"
export BUNBASE_TEST_REPLICA_URL="postgres://bunbase_test:bunbase_test@127.0.0.1:${REPLICA_PORT}/bunbase_test"
export BUNBASE_TEST_REPLICA_DIR="$REPLICA_DIR"
export BUNBASE_TEST_REDIS_URL="redis://127.0.0.1:${REDIS_PORT}"
echo "test.sh: PostgreSQL on 127.0.0.1:${PG_PORT} (streaming replica on ${REPLICA_PORT}), Redis on 127.0.0.1:${REDIS_PORT}"

results="$(mktemp -d -t bunbase-tests.XXXXXX)"
status=0
dotnet test Runtime.sln --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

# One closing line over all test projects.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); failed_here=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${failed_here:-0})); skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then echo "test.sh: no test ran" >&2; status=1; fi
exit "$status"
