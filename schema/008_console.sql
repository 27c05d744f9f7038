-- Diskominfo's console: village lifecycle, activity roll-ups, support
-- tickets, announcements and nudges, impersonation, content holds and
-- regency templates. Regency-wide reads go through the roll-up tables here
-- (filled by SECURITY DEFINER functions and triggers), never by lifting
-- row-level security in ordinary handlers.

ALTER TABLE desa ADD COLUMN status_reason text NOT NULL DEFAULT '' CHECK (length(status_reason) <= 500),
                 ADD COLUMN status_changed_at timestamptz;

-- "Masuk sebagai desa": a Diskominfo session acting for one village, until a time, for a reason.
ALTER TABLE sessions ADD COLUMN as_desa bigint REFERENCES desa (id) ON DELETE CASCADE,
                     ADD COLUMN as_until timestamptz,
                     ADD COLUMN as_reason text CHECK (length(as_reason) <= 300);

-- DNS state of a village's own domains, as last checked from the console.
ALTER TABLE domains ADD COLUMN dns_ok boolean,
                    ADD COLUMN dns_detail text NOT NULL DEFAULT '',
                    ADD COLUMN dns_checked_at timestamptz;

-- One row per village: what the console dashboard shows.
CREATE TABLE desa_activity (
  desa_id         bigint PRIMARY KEY REFERENCES desa (id) ON DELETE CASCADE,
  last_content_at timestamptz,
  last_login_at   timestamptz,
  posts_30        integer NOT NULL DEFAULT 0,
  posts_90        integer NOT NULL DEFAULT 0,
  views_30        bigint NOT NULL DEFAULT 0,
  storage_bytes   bigint NOT NULL DEFAULT 0,
  onboarding      smallint NOT NULL DEFAULT 0,   -- first steps done, of 5
  errors_30       integer NOT NULL DEFAULT 0,
  refreshed_at    timestamptz NOT NULL DEFAULT now()
);
-- Days on which a village changed its content: the weekly trend of active villages.
CREATE TABLE desa_days (
  desa_id bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  day     date NOT NULL,
  PRIMARY KEY (desa_id, day)
);
CREATE INDEX desa_days_day ON desa_days (day);
-- Server errors per village and day, counted by the server.
CREATE TABLE desa_errors (
  desa_id bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  day     date NOT NULL,
  errors  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (desa_id, day)
);
GRANT SELECT ON desa_activity, desa_days TO balai_app;
GRANT SELECT, INSERT, UPDATE ON desa_errors TO balai_app;

-- Recomputes the roll-up of one village (or all when NULL) from its content.
-- Runs as the owner: it reads every village's partitions on purpose.
CREATE FUNCTION balai_refresh_activity(p_desa bigint DEFAULT NULL) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  n integer;
BEGIN
  INSERT INTO desa_days (desa_id, day)
  SELECT DISTINCT desa_id, d FROM (
    SELECT desa_id, (created_at AT TIME ZONE 'Asia/Jakarta')::date AS d FROM posts WHERE status <> 'trash'
    UNION ALL SELECT desa_id, (published_at AT TIME ZONE 'Asia/Jakarta')::date FROM posts
      WHERE status = 'published' AND published_at IS NOT NULL AND published_at <= now()
    UNION ALL SELECT desa_id, (updated_at AT TIME ZONE 'Asia/Jakarta')::date FROM posts WHERE status <> 'trash'
    UNION ALL SELECT desa_id, (updated_at AT TIME ZONE 'Asia/Jakarta')::date FROM pages WHERE version > 1
  ) s
  WHERE d > current_date - 400 AND d <= current_date AND (p_desa IS NULL OR desa_id = p_desa)
  ON CONFLICT DO NOTHING;

  INSERT INTO desa_activity AS a (desa_id, last_content_at, last_login_at, posts_30, posts_90, views_30, storage_bytes, onboarding,
                                  errors_30, refreshed_at)
  SELECT d.id,
         greatest(p.last_post, pg.last_page, au.last_audit),
         l.last_login,
         coalesce(p.n30, 0), coalesce(p.n90, 0), coalesce(v.views, 0),
         coalesce(m.bytes, 0) + coalesce(dk.bytes, 0),
         (coalesce(s.profil, false))::int + (coalesce(pg.sejarah, false))::int + (coalesce(s.logo, false))::int
           + (pr.desa_id IS NOT NULL)::int + (coalesce(p.cover, false))::int,
         coalesce(e.errors, 0), now()
  FROM desa d
  LEFT JOIN (SELECT desa_id, max(updated_at) FILTER (WHERE status <> 'trash') AS last_post,
                    count(*) FILTER (WHERE status = 'published' AND published_at > now() - interval '30 days' AND published_at <= now()) AS n30,
                    count(*) FILTER (WHERE status = 'published' AND published_at > now() - interval '90 days' AND published_at <= now()) AS n90,
                    bool_or(status = 'published' AND cover IS NOT NULL) AS cover
             FROM posts GROUP BY desa_id) p ON p.desa_id = d.id
  LEFT JOIN (SELECT desa_id, max(updated_at) FILTER (WHERE version > 1) AS last_page,
                    bool_or(slot = 'sejarah' AND status = 'published' AND length(body_text) > 40) AS sejarah
             FROM pages GROUP BY desa_id) pg ON pg.desa_id = d.id
  LEFT JOIN (SELECT desa_id, max(at) AS last_audit FROM audit_log
             WHERE action NOT LIKE 'akun.%' AND action NOT LIKE 'pengguna.%' AND action NOT LIKE 'konsol.%' AND action NOT LIKE 'tiket.%'
             GROUP BY desa_id) au ON au.desa_id = d.id
  LEFT JOIN (SELECT desa_id, max(last_login_at) AS last_login FROM accounts WHERE desa_id IS NOT NULL GROUP BY desa_id) l ON l.desa_id = d.id
  LEFT JOIN (SELECT desa_id, sum(views) AS views FROM page_views WHERE day > current_date - 30 GROUP BY desa_id) v ON v.desa_id = d.id
  LEFT JOIN (SELECT desa_id, sum(bytes) AS bytes FROM media GROUP BY desa_id) m ON m.desa_id = d.id
  LEFT JOIN (SELECT desa_id, sum(octet_length(content)) AS bytes FROM dokumen GROUP BY desa_id) dk ON dk.desa_id = d.id
  LEFT JOIN (SELECT desa_id, tagline NOT LIKE 'Website resmi %' AND tagline <> '' AS profil, settings ? 'logo' AS logo
             FROM site_settings) s ON s.desa_id = d.id
  LEFT JOIN (SELECT DISTINCT desa_id FROM perangkat) pr ON pr.desa_id = d.id
  LEFT JOIN (SELECT desa_id, sum(errors) AS errors FROM desa_errors WHERE day > current_date - 30 GROUP BY desa_id) e ON e.desa_id = d.id
  WHERE p_desa IS NULL OR d.id = p_desa
  ON CONFLICT (desa_id) DO UPDATE SET
    last_content_at = excluded.last_content_at, last_login_at = excluded.last_login_at, posts_30 = excluded.posts_30,
    posts_90 = excluded.posts_90, views_30 = excluded.views_30, storage_bytes = excluded.storage_bytes,
    onboarding = excluded.onboarding, errors_30 = excluded.errors_30, refreshed_at = excluded.refreshed_at;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
REVOKE ALL ON FUNCTION balai_refresh_activity(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION balai_refresh_activity(bigint) TO balai_app;

-- Every audited content write marks the village active at once.
CREATE FUNCTION balai_activity_touch() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- Account work, Diskominfo's own actions and help tickets are not content.
  IF NEW.action LIKE 'akun.%' OR NEW.action LIKE 'pengguna.%' OR NEW.action LIKE 'konsol.%' OR NEW.action LIKE 'tiket.%' THEN
    RETURN NULL;
  END IF;
  INSERT INTO desa_activity (desa_id, last_content_at) VALUES (NEW.desa_id, NEW.at)
  ON CONFLICT (desa_id) DO UPDATE SET last_content_at = greatest(desa_activity.last_content_at, excluded.last_content_at);
  INSERT INTO desa_days (desa_id, day) VALUES (NEW.desa_id, (NEW.at AT TIME ZONE 'Asia/Jakarta')::date) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION balai_activity_touch() FROM PUBLIC;
CREATE TRIGGER audit_activity AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION balai_activity_touch();

-- Sign-ins count as "last login" at once.
CREATE FUNCTION balai_login_touch() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW.desa_id IS NOT NULL AND NEW.last_login_at IS DISTINCT FROM OLD.last_login_at THEN
    INSERT INTO desa_activity (desa_id, last_login_at) VALUES (NEW.desa_id, NEW.last_login_at)
    ON CONFLICT (desa_id) DO UPDATE SET last_login_at = excluded.last_login_at;
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION balai_login_touch() FROM PUBLIC;
CREATE TRIGGER accounts_login AFTER UPDATE OF last_login_at ON accounts FOR EACH ROW EXECUTE FUNCTION balai_login_touch();

-- Support tickets from villages, answered by Diskominfo.
CREATE TABLE tickets (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desa_id     bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  kategori    text NOT NULL CHECK (kategori IN ('akun', 'konten', 'tampilan', 'domain', 'data', 'lainnya')),
  judul       text NOT NULL CHECK (length(judul) BETWEEN 1 AND 200),
  status      text NOT NULL DEFAULT 'baru' CHECK (status IN ('baru', 'diproses', 'menunggu_desa', 'selesai')),
  created_by  bigint REFERENCES accounts (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_desa ON tickets (desa_id, created_at DESC);
CREATE INDEX tickets_open ON tickets (created_at) WHERE status <> 'selesai';
CREATE TABLE ticket_messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ticket_id   bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_id   bigint REFERENCES accounts (id) ON DELETE SET NULL,
  author      text NOT NULL,
  diskominfo  boolean NOT NULL,
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
  gambar      text[] NOT NULL DEFAULT '{}' CHECK (cardinality(gambar) <= 5),  -- media keys of screenshots
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, at);
GRANT SELECT, INSERT, UPDATE ON tickets, ticket_messages TO balai_app;

-- Announcements from Diskominfo to every village admin, or one kecamatan's.
CREATE TABLE announcements (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  judul        text NOT NULL CHECK (length(judul) BETWEEN 1 AND 200),
  isi          text NOT NULL CHECK (length(isi) BETWEEN 1 AND 5000),
  kecamatan_id bigint REFERENCES kecamatan (id),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE announcement_reads (
  announcement_id bigint NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
  account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (announcement_id, account_id)
);
GRANT SELECT, INSERT, DELETE ON announcements, announcement_reads TO balai_app;

-- Notices on a village's dashboard: the weekly nudge to quiet villages.
CREATE TABLE desa_notices (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desa_id    bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  jenis      text NOT NULL CHECK (jenis IN ('sepi', 'konten_ditahan')),
  pesan      text NOT NULL CHECK (length(pesan) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz
);
CREATE INDEX desa_notices_desa ON desa_notices (desa_id, created_at DESC);
GRANT SELECT, INSERT, UPDATE ON desa_notices TO balai_app;

-- Public text held by the scanner, for Diskominfo's review.
CREATE TABLE scan_holds (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desa_id     bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  objek       text NOT NULL CHECK (objek IN ('berita', 'halaman', 'komentar', 'layanan', 'dokumen', 'menu')),
  objek_id    bigint NOT NULL,
  judul       text NOT NULL DEFAULT '' CHECK (length(judul) <= 300),
  cuplikan    text NOT NULL DEFAULT '' CHECK (length(cuplikan) <= 2000),
  alasan      text[] NOT NULL,
  fingerprint text NOT NULL,               -- SHA-256 of the held text: a released text is not held again
  account_id  bigint REFERENCES accounts (id) ON DELETE SET NULL,
  requested   text NOT NULL DEFAULT '',    -- the status the author asked for (published, pending...)
  status      text NOT NULL DEFAULT 'menunggu' CHECK (status IN ('menunggu', 'dilepas', 'dihapus')),
  decided_by  text,
  decided_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scan_holds_open ON scan_holds (created_at) WHERE status = 'menunggu';
CREATE INDEX scan_holds_object ON scan_holds (desa_id, objek, objek_id);
CREATE TABLE scan_released (
  desa_id     bigint NOT NULL REFERENCES desa (id) ON DELETE CASCADE,
  fingerprint text NOT NULL,
  released_by text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (desa_id, fingerprint)
);
GRANT SELECT, INSERT, UPDATE ON scan_holds TO balai_app;
GRANT SELECT, INSERT ON scan_released TO balai_app;

-- Regency master data: categories and page templates Diskominfo pushes to villages.
CREATE TABLE regency_templates (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  jenis      text NOT NULL CHECK (jenis IN ('kategori', 'halaman')),
  slug       text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$'),
  judul      text NOT NULL CHECK (length(judul) BETWEEN 1 AND 200),
  isi        jsonb NOT NULL DEFAULT '{"type":"doc","content":[]}',
  isi_teks   text NOT NULL DEFAULT '',
  revisi     integer NOT NULL DEFAULT 1,
  updated_by text NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (jenis, slug)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON regency_templates TO balai_app;
-- The page version a template push wrote: a later village edit raises the
-- version, and the next push leaves that page alone.
ALTER TABLE pages ADD COLUMN template_version integer;

-- Applies the regency templates to one village (run with its tenant set, or as the owner).
CREATE FUNCTION balai_apply_templates(p_desa bigint) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n integer := 0;
  k integer;
BEGIN
  FOR t IN SELECT * FROM regency_templates ORDER BY id LOOP
    IF t.jenis = 'kategori' THEN
      INSERT INTO categories (desa_id, slug, nama) VALUES (p_desa, t.slug, t.judul) ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS k = ROW_COUNT;
      n := n + k;
    ELSE
      UPDATE pages SET title = t.judul, body = t.isi, body_text = t.isi_teks, version = version + 1,
                       template_version = version + 1, updated_at = now()
        WHERE desa_id = p_desa AND slug = t.slug AND template_version = version
          AND (title, body) IS DISTINCT FROM (t.judul, t.isi);
      GET DIAGNOSTICS k = ROW_COUNT;
      n := n + k;
      INSERT INTO pages (desa_id, slug, title, body, body_text, status, published_at, template_version)
      VALUES (p_desa, t.slug, t.judul, t.isi, t.isi_teks, 'published', now(), 1) ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS k = ROW_COUNT;
      n := n + k;
    END IF;
  END LOOP;
  RETURN n;
END $$;
GRANT EXECUTE ON FUNCTION balai_apply_templates(bigint) TO balai_app;

-- Support actions are recorded with the village they touched; the records stay when a village goes.
GRANT SELECT ON support_audit, login_events TO balai_app;

SELECT balai_refresh_activity(NULL);

-- Adding a village from the console (as the application role): the registry
-- rows, and its partitions through the owner's function.
GRANT INSERT ON desa, kecamatan TO balai_app;
GRANT UPDATE (status, status_reason, status_changed_at, updated_at) ON desa TO balai_app;
GRANT INSERT, UPDATE, DELETE ON domains TO balai_app;
ALTER FUNCTION balai_provision_desa(bigint) SECURITY DEFINER SET search_path = public, pg_temp;
GRANT EXECUTE ON FUNCTION balai_provision_desa(bigint) TO balai_app;
GRANT EXECUTE ON FUNCTION balai_default_menu(bigint) TO balai_app;

-- Audit rows written without details held a JSON null; they hold {} like the rest.
UPDATE audit_log SET detail = '{}' WHERE jsonb_typeof(detail) = 'null';
-- A village's archive is read by the console under the village's own row-level security.
GRANT SELECT ON village_tables TO balai_app;
-- Kode changes from a newer national file, applied from the console.
GRANT INSERT, UPDATE ON kabupaten TO balai_app;
GRANT UPDATE ON kecamatan TO balai_app;
GRANT UPDATE (nama, kode, jenis, kecamatan_id) ON desa TO balai_app;
-- A village archive imported from the console moves the id sequences past its rows.
GRANT SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO balai_app;
