-- Images of a village. The files are on disk under <media dir>/<desa id>/,
-- named by key; this table says which keys a village owns, their size and
-- their description for screen readers.

-- One place that puts a village-owned table under row-level security.
CREATE FUNCTION balai_secure_village_table(p_table text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', p_table);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
                    USING (desa_id = NULLIF(current_setting('balai.desa_id', true), '')::bigint)
                    WITH CHECK (desa_id = NULLIF(current_setting('balai.desa_id', true), '')::bigint)$p$, p_table);
  -- Granted on the parent only: a grant on a partition would bypass the policy.
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO balai_app', p_table);
END $$;
REVOKE ALL ON FUNCTION balai_secure_village_table(text) FROM PUBLIC;

CREATE TABLE media (
  desa_id    bigint NOT NULL REFERENCES desa (id),
  key        text NOT NULL CHECK (key ~ '^[0-9a-f]{32}$'),
  width      integer NOT NULL CHECK (width > 0),
  height     integer NOT NULL CHECK (height > 0),
  bytes      bigint NOT NULL CHECK (bytes >= 0),
  alt        text NOT NULL DEFAULT '' CHECK (length(alt) <= 300),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (desa_id, key)
) PARTITION BY LIST (desa_id);
SELECT balai_secure_village_table('media');
SELECT balai_register_village_table('media', 25);

-- Pictures now name a media key instead of a free URL.
UPDATE posts SET cover = NULL WHERE cover IS NOT NULL AND cover !~ '^[0-9a-f]{32}$';
ALTER TABLE posts ADD CONSTRAINT posts_cover_key CHECK (cover IS NULL OR cover ~ '^[0-9a-f]{32}$');
DELETE FROM photos WHERE src !~ '^[0-9a-f]{32}$';
ALTER TABLE photos RENAME COLUMN src TO media_key;
ALTER TABLE photos ADD CONSTRAINT photos_media_key CHECK (media_key ~ '^[0-9a-f]{32}$');
UPDATE perangkat SET foto = NULL WHERE foto !~ '^[0-9a-f]{32}$';
ALTER TABLE perangkat ADD CONSTRAINT perangkat_foto_key CHECK (foto IS NULL OR foto ~ '^[0-9a-f]{32}$');
ALTER TABLE photos DROP COLUMN width, DROP COLUMN height;  -- the media row has them
ALTER TABLE albums ADD COLUMN deskripsi text NOT NULL DEFAULT '' CHECK (length(deskripsi) <= 1000);
