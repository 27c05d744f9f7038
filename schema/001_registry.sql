-- Registry: the regency, its kecamatan and villages, and their hostnames.
-- Ordinary tables, read by the application role, written by the owner (CLI).

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'balai_app') THEN
    RAISE EXCEPTION 'role balai_app does not exist: create it first (see docs/operations.md)';
  END IF;
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'balai_app' AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'role balai_app must be neither superuser nor BYPASSRLS';
  END IF;
END $$;

CREATE TABLE kabupaten (
  id         bigint PRIMARY KEY,
  kode       text NOT NULL UNIQUE CHECK (kode ~ '^[0-9]{2}\.[0-9]{2}$'),
  nama       text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE kecamatan (
  id           bigint PRIMARY KEY,
  kode         text NOT NULL UNIQUE CHECK (kode ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$'),
  nama         text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
  slug         text NOT NULL,
  kabupaten_id bigint NOT NULL REFERENCES kabupaten (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX kecamatan_kabupaten ON kecamatan (kabupaten_id);

-- id: the kode as a number when provisioned; never changes. kode: the
-- current official code, which a decree may renumber.
CREATE TABLE desa (
  id           bigint PRIMARY KEY,
  kode         text NOT NULL UNIQUE CHECK (kode ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[1-9][0-9]{3}$'),
  nama         text NOT NULL CHECK (length(nama) BETWEEN 1 AND 200),
  jenis        text NOT NULL CHECK (jenis IN ('desa', 'kelurahan')),
  kecamatan_id bigint NOT NULL REFERENCES kecamatan (id),
  slug         text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'archived')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desa_kecamatan ON desa (kecamatan_id);

-- A village's own domains (its <slug>.<base domain> needs no row).
CREATE TABLE domains (
  hostname   text PRIMARY KEY CHECK (hostname = lower(hostname) AND length(hostname) BETWEEN 3 AND 253),
  desa_id    bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX domains_one_primary ON domains (desa_id) WHERE is_primary;
CREATE INDEX domains_desa ON domains (desa_id);

-- Village-owned tables: partitioned parents that get one partition per village.
CREATE TABLE village_tables (
  name     text PRIMARY KEY,
  position int NOT NULL
);

-- Creates the partitions of every village-owned table for one village.
CREATE FUNCTION balai_provision_desa(p_desa bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT name FROM village_tables ORDER BY position LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES IN (%s)',
                   t.name || '_' || p_desa, t.name, p_desa);
  END LOOP;
END $$;

-- Registers a new village-owned table and partitions it for every village.
CREATE FUNCTION balai_register_village_table(p_table text, p_position int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d record;
BEGIN
  INSERT INTO village_tables (name, position) VALUES (p_table, p_position);
  FOR d IN SELECT id FROM desa LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES IN (%s)',
                   p_table || '_' || d.id, p_table, d.id);
  END LOOP;
END $$;

REVOKE ALL ON FUNCTION balai_provision_desa(bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION balai_register_village_table(text, int) FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO balai_app;
GRANT SELECT ON kabupaten, kecamatan, desa, domains, schema_migrations TO balai_app;
