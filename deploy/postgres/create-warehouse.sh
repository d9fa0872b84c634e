#!/bin/sh
# First start of the compose PostgreSQL: the warehouse database and Sluice's least-privilege roles (roles.sql).
set -e
: "${WAREHOUSE_USER:?}" "${WAREHOUSE_PASSWORD:?}" "${WAREHOUSE_DB:?}" "${WAREHOUSE_SCHEMA:?}"
ROLES_SQL=${ROLES_SQL:-/etc/sluice/roles.sql} # where docker-compose.yml mounts it
# Owned by the superuser, closed to PUBLIC: the roles get exactly what roles.sql grants them.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=db="$WAREHOUSE_DB" <<'SQL'
CREATE DATABASE :"db";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
# Names as psql variables (:"name" an identifier, :'name' a literal, quoted safely), passwords by environment
# (roles.sql's \getenv): never in arguments. psql fills them into CREATE ROLE before sending, so that statement
# (and a log_statement=all server log) holds the password: first start only.
set -- -v worker_role="$WAREHOUSE_USER" -v database="$WAREHOUSE_DB" -v target_schema="$WAREHOUSE_SCHEMA"
export SLUICE_WORKER_PASSWORD="$WAREHOUSE_PASSWORD"
if [ -n "${WAREHOUSE_READER_USER:-}" ]; then
  set -- "$@" -v reader_role="$WAREHOUSE_READER_USER"
  export SLUICE_READER_PASSWORD="${WAREHOUSE_READER_PASSWORD:?}"
fi
psql -X --username "$POSTGRES_USER" --dbname postgres "$@" -f "$ROLES_SQL"
