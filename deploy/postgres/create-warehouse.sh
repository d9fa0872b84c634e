#!/bin/sh
# First start of the compose PostgreSQL: the warehouse database, owned by its own login (not Temporal's).
set -e
: "${WAREHOUSE_USER:?}" "${WAREHOUSE_PASSWORD:?}" "${WAREHOUSE_DB:?}"
# psql variables (:"name" quotes an identifier, :'name' a literal) quote the values safely; psql fills them in
# before sending, so the statement (and a log_statement=all server log) holds the password: first start only.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set=user="$WAREHOUSE_USER" --set=password="$WAREHOUSE_PASSWORD" --set=db="$WAREHOUSE_DB" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
