-- Editing every kind of village content from the admin: row ids for the
-- tables keyed by their natural key, page versions, and a default menu
-- that every village starts with (so the first edit starts from it).

CREATE SEQUENCE village_row_id;
GRANT USAGE ON SEQUENCE village_row_id TO balai_app;
ALTER TABLE statistik ADD COLUMN id bigint NOT NULL DEFAULT nextval('village_row_id');
ALTER TABLE apbdes ADD COLUMN id bigint NOT NULL DEFAULT nextval('village_row_id');
CREATE UNIQUE INDEX statistik_id ON statistik (desa_id, id);
CREATE UNIQUE INDEX apbdes_id ON apbdes (desa_id, id);

ALTER TABLE pages ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE FUNCTION balai_default_menu(p_desa bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  profil bigint;
  data_desa bigint;
  informasi bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM menus WHERE desa_id = p_desa) THEN
    RETURN;
  END IF;
  INSERT INTO menus (desa_id, label, target, urutan) VALUES (p_desa, 'Beranda', '/', 10);
  INSERT INTO menus (desa_id, label, target, urutan) VALUES (p_desa, 'Profil', '/profil/sejarah', 20) RETURNING id INTO profil;
  INSERT INTO menus (desa_id, label, target, urutan) VALUES (p_desa, 'Berita', '/berita', 30), (p_desa, 'Agenda', '/agenda', 40);
  INSERT INTO menus (desa_id, label, target, urutan) VALUES (p_desa, 'Data Desa', '/statistik', 50) RETURNING id INTO data_desa;
  INSERT INTO menus (desa_id, label, target, urutan) VALUES (p_desa, 'Informasi', '/dokumen', 60) RETURNING id INTO informasi;
  INSERT INTO menus (desa_id, label, target, urutan) VALUES (p_desa, 'Layanan Warga', '/layanan', 70), (p_desa, 'Kontak', '/kontak', 80),
                                                            (p_desa, 'Cari', '/cari', 90);
  INSERT INTO menus (desa_id, parent_id, label, target, urutan) VALUES
    (p_desa, profil, 'Sambutan Kepala Desa', '/profil/sambutan', 10), (p_desa, profil, 'Visi dan Misi', '/profil/visi-misi', 20),
    (p_desa, profil, 'Geografi', '/profil/geografi', 30), (p_desa, profil, 'Struktur Pemerintahan', '/profil/struktur', 40),
    (p_desa, profil, 'Perangkat desa', '/perangkat', 50), (p_desa, profil, 'Lembaga Desa', '/lembaga', 60),
    (p_desa, data_desa, 'Statistik Penduduk', '/statistik', 10), (p_desa, data_desa, 'APBDes', '/apbdes', 20),
    (p_desa, data_desa, 'Pendidikan', '/pendidikan', 30), (p_desa, data_desa, 'BUMDes', '/bumdes', 40),
    (p_desa, data_desa, 'Potensi dan Produk Desa', '/potensi', 50),
    (p_desa, informasi, 'Dokumen dan Informasi Publik', '/dokumen', 10), (p_desa, informasi, 'Galeri', '/galeri', 20);
END $$;
REVOKE ALL ON FUNCTION balai_default_menu(bigint) FROM PUBLIC;
SELECT balai_default_menu(id) FROM desa;

-- Products and officials name pictures by media key, like everything else.
UPDATE produk SET foto = NULL WHERE foto !~ '^[0-9a-f]{32}$';
ALTER TABLE produk ADD CONSTRAINT produk_foto_key CHECK (foto IS NULL OR foto ~ '^[0-9a-f]{32}$');
