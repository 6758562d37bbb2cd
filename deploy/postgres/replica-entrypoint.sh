#!/bin/sh
# The streaming replica: on an empty volume, a base backup of the primary (-R writes
# standby.signal and primary_conninfo), then a hot standby that follows it.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h postgres -U replicator -D "$PGDATA" -X stream -R -S replica1; do
    echo "waiting for the primary..."; rm -rf "${PGDATA:?}"/*; sleep 2
  done
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on
