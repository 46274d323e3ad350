# Sourced by scripts/test.sh: provides a PostgreSQL server on loopback for the
# tests that run against both SQLite and PostgreSQL (Backstage's TestDatabases),
# installing Debian's postgresql package when it is missing.
# Exports BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING.

PG_PORT="${AIRFLOW_PORTAL_PG_PORT:-54329}"
PG_DATA="${AIRFLOW_PORTAL_PG_DATA:-/tmp/airflow-portal-postgres}"

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bindir)" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "==> Installing PostgreSQL (Debian package)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "==> PostgreSQL is not installed and cannot be installed here: database tests run on SQLite only"
  fi
fi

PG_BIN="$(pg_bindir)"
if [ -n "$PG_BIN" ]; then
  PG_MAJOR="$(basename "$(dirname "$PG_BIN")")"
  # PostgreSQL refuses to run as root: use the package's postgres user then.
  as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
      mkdir -p "$PG_DATA"
      [ "$(id -u)" = "0" ] && chown postgres "$PG_DATA"
      as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust >/dev/null
    fi
    echo "==> Starting PostgreSQL $PG_MAJOR on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
      -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=postgresql://postgres@127.0.0.1:$PG_PORT"
fi
