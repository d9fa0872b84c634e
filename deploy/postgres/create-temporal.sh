#!/bin/sh
# First start of the compose PostgreSQL: Temporal's login (no superuser, no CREATEDB) owning its two databases.
set -e
: "${TEMPORAL_DB_USER:?}" "${TEMPORAL_DB_PASSWORD:?}"
# The name as a psql variable, the password by environment (\getenv), never as an argument. Owning its databases
# is all Temporal's schema tool needs: tables in their public schema and the trusted btree_gin extension.
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=temporal_role="$TEMPORAL_DB_USER" <<'SQL'
\getenv password TEMPORAL_DB_PASSWORD
CREATE ROLE :"temporal_role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
CREATE DATABASE temporal OWNER :"temporal_role";
CREATE DATABASE temporal_visibility OWNER :"temporal_role";
REVOKE ALL ON DATABASE temporal, temporal_visibility FROM PUBLIC;
SQL
