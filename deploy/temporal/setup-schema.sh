#!/bin/sh
# One-shot: brings the schemas of Temporal's two PostgreSQL databases to this image's version; safe to re-run.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"

# The password by environment (the tool reads SQL_PASSWORD), never as --pw: arguments are visible to every user.
export SQL_PASSWORD="$POSTGRES_PWD"
sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "${DB_PORT:-5432}" -u "$POSTGRES_USER" "$@"
}

# <schema directory>:<database>. The databases exist already (deploy/postgres/create-temporal.sh, owned by this
# login, which may not create databases); `setup-schema -v 0.0` ignores a versioned one.
# TEMPORAL_SCHEMA_DIR: where the schema files are; the admin-tools image's own place by default.
schema_dir=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
for pair in temporal:temporal visibility:temporal_visibility; do
  database=${pair#*:}
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schema_dir/${pair%%:*}/versioned"
done
