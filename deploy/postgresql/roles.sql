-- Balai's two database roles. Run once per cluster as a superuser, before
-- `balai migrate`. In production give both a password (or use peer/cert
-- authentication) in pg_hba.conf; the dev and test clusters of balai.sh
-- accept only local socket connections in a private directory.
--
-- balai_owner: owns the schema, runs migrations and the administrative CLI.
-- balai_app:   what the server connects as. Owns nothing, is granted on the
--              partitioned parents only, and cannot bypass row-level security.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'balai_owner') THEN
    CREATE ROLE balai_owner LOGIN CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'balai_app') THEN
    CREATE ROLE balai_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  END IF;
END $$;
-- A generic plan locks every partition; custom plans prune to one village.
ALTER ROLE balai_app SET plan_cache_mode = 'force_custom_plan';
