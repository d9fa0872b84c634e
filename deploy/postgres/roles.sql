-- Least-privilege roles for Sluice (README "Security → Least privilege"); run once as a superuser, safe to re-run:
--   SLUICE_WORKER_PASSWORD=... [SLUICE_READER_PASSWORD=...] psql -v worker_role=sluice_worker -v database=warehouse \
--        [-v target_schema=analytics] [-v reader_role=sluice_reader] -f deploy/postgres/roles.sql
-- target_schema defaults to sluice_target, a schema of Sluice's own: never public unless asked for.
-- Passwords come from the environment (psql 15+'s \getenv), never from arguments, which every user of the machine
-- can read; they are set when a role is created (change them later with ALTER ROLE ... PASSWORD).
\set ON_ERROR_STOP on
SELECT :{?worker_password} OR :{?reader_password} AS password_argument \gset
\if :password_argument
DO $$ BEGIN RAISE EXCEPTION 'roles.sql takes passwords from SLUICE_WORKER_PASSWORD / SLUICE_READER_PASSWORD, not -v: arguments are visible to every user'; END $$;
\endif
\getenv worker_password SLUICE_WORKER_PASSWORD
\getenv reader_password SLUICE_READER_PASSWORD
\if :{?target_schema}
\else
\set target_schema sluice_target
\endif
\if :{?worker_role}
\else
DO $$ BEGIN RAISE EXCEPTION 'roles.sql needs -v worker_role=<name>'; END $$;
\endif

-- The workers' login: no cluster-wide powers, whatever it was before.
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'worker_role') AS create_worker \gset
\if :create_worker
\if :{?worker_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'roles.sql needs SLUICE_WORKER_PASSWORD in its environment to create the worker role'; END $$;
\endif
CREATE ROLE :"worker_role" LOGIN PASSWORD :'worker_password';
\endif
ALTER ROLE :"worker_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
-- CONNECT, and TEMPORARY for history loads' temporary tables; never CREATE (no schemas of its own).
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"worker_role";
REVOKE CREATE ON DATABASE :"database" FROM :"worker_role";

\connect :"database"
SET client_min_messages = warning;
-- Owned by this administrator, not the worker: the worker creates (and owns) tables in them, but cannot drop them.
CREATE SCHEMA IF NOT EXISTS sluice;
CREATE SCHEMA IF NOT EXISTS sluice_staging;
CREATE SCHEMA IF NOT EXISTS :"target_schema";
-- PostgreSQL 15's default on older servers too: only granted roles create objects in public.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA sluice, sluice_staging, :"target_schema" TO :"worker_role";

-- Optional: a read-only login for people and BI tools over the loaded tables and the run records.
\if :{?reader_role}
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'reader_role') AS create_reader \gset
\if :create_reader
\if :{?reader_password}
\else
DO $$ BEGIN RAISE EXCEPTION 'roles.sql needs SLUICE_READER_PASSWORD in its environment to create the reader role'; END $$;
\endif
CREATE ROLE :"reader_role" LOGIN PASSWORD :'reader_password';
\endif
ALTER ROLE :"reader_role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
GRANT CONNECT ON DATABASE :"database" TO :"reader_role";
GRANT USAGE ON SCHEMA sluice, :"target_schema" TO :"reader_role";
-- Tables the worker creates from now on (migrations, loads) ...
ALTER DEFAULT PRIVILEGES FOR ROLE :"worker_role" IN SCHEMA sluice, :"target_schema"
  GRANT SELECT ON TABLES TO :"reader_role";
-- ... and those it already created.
SELECT format('GRANT SELECT ON TABLE %I.%I TO %I', schemaname, tablename, :'reader_role')
  FROM pg_tables
 WHERE tableowner = :'worker_role' AND schemaname IN ('sluice', :'target_schema') \gexec
\endif
