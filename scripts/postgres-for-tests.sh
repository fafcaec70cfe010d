#!/usr/bin/env bash
# Makes a PostgreSQL server available to the test suite and prints its URL on stdout.
# Starts the Debian cluster when it is installed but down, and creates a role that may
# create databases (each test makes its own). Prints nothing and exits 1 when PostgreSQL
# cannot be had; the Makefile then says so loudly and runs SQLite only.
set -u
# Without TLS: the server is local, and libpq's OpenSSL state torn down at exit while pool
# threads still hold connections crashed the test binary (SIGSEGV after every test had
# passed, twice in two sessions).
URL="${RELAIS_TEST_DATABASE_URL:-postgres://relais_test:relais_test@127.0.0.1:5432/postgres?sslmode=disable}"
if [ -n "${RELAIS_TEST_DATABASE_URL:-}" ]; then echo "$URL"; exit 0; fi
command -v pg_lsclusters >/dev/null 2>&1 || { echo "postgres: pg_lsclusters not found (PostgreSQL not installed)" >&2; exit 1; }
cluster=$(pg_lsclusters --no-header 2>/dev/null | awk 'NR==1 {print $1" "$2" "$4}')
[ -n "$cluster" ] || { echo "postgres: no cluster found" >&2; exit 1; }
set -- $cluster
version=$1; name=$2; status=$3
if [ "$status" != "online" ]; then
  echo "postgres: starting cluster $version/$name" >&2
  pg_ctlcluster "$version" "$name" start >&2 || { echo "postgres: cannot start cluster $version/$name" >&2; exit 1; }
fi
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -n -u postgres sh -c "$1"; fi
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
  as_postgres "psql -qtAc 'SELECT 1'" >/dev/null 2>&1 && break
  sleep 1
done
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'relais_test'\"" 2>/dev/null | grep -q 1 ||
  as_postgres "psql -qc \"CREATE ROLE relais_test LOGIN PASSWORD 'relais_test' CREATEDB\"" >&2 ||
  { echo "postgres: cannot create role relais_test" >&2; exit 1; }
# Leftovers of an interrupted earlier run.
as_postgres "psql -qtAc \"SELECT datname FROM pg_database WHERE datname LIKE 'relais_test_%'\"" 2>/dev/null |
  while read -r db; do [ -n "$db" ] && as_postgres "psql -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)'" >/dev/null 2>&1; done
echo "$URL"
