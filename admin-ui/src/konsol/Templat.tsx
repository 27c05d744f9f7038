// Regency templates (superadmin): news categories and profile pages every
// village gets, written once here and pushed to the villages. A page a
// village has edited itself is never overwritten.
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { dokKosongIsi, keTiptap } from '../dokumen';
import { angka, waktu } from '../format';
import type { Simpul } from '../jenis';
import { useAplikasi } from '../konteks';
import { EditorIsi } from '../komponen/EditorIsi';
import { IsiData, Isian, JudulHalaman, KotakGalat, KotakInfo, Pilihan, useData } from '../komponen/ui';
import type { BarisKecamatan, Templat } from './jenis';

const LABEL_JENIS: Record<Templat['jenis'], string> = { kategori: 'Kategori berita', halaman: 'Halaman profil' };

function slugDari(judul: string): string {
  return judul
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

export function HalamanTemplat() {
  const d = useData((signal) => api.get<{ item: Templat[] }>('/api/konsol/templat', { signal }));
  // null: no form; 0: a new template; otherwise the id being edited.
  const [ubah, aturUbah] = useState<number | null>(null);
  const [nomorForm, aturNomorForm] = useState(0);
  const buka = (id: number) => {
    aturUbah(id);
    aturNomorForm((n) => n + 1);
  };
  return (
    <>
      <JudulHalaman>Templat kabupaten</JudulHalaman>
      <p class="sub">
        Kategori berita dan halaman profil yang didapat setiap desa. Setelah mengubah templat, tekan “Terapkan ke desa”.
        Halaman yang sudah diubah sendiri oleh desa tidak ditimpa.
      </p>
      {ubah === null ? (
        <div class="deret-tombol">
          <button type="button" class="tombol tombol-utama" onClick={() => buka(0)}>
            Templat baru
          </button>
        </div>
      ) : null}
      <IsiData d={d}>
        {(r) => (
          <>
            {ubah !== null ? (
              <FormTemplat
                key={nomorForm}
                awal={ubah ? r.item.find((t) => t.id === ubah) ?? null : null}
                tutup={() => aturUbah(null)}
                selesai={() => {
                  aturUbah(null);
                  d.muatUlang();
                }}
              />
            ) : null}
            {(['kategori', 'halaman'] as const).map((j) => {
              const daftar = r.item.filter((t) => t.jenis === j);
              return (
                <section key={j} aria-labelledby={`judul-templat-${j}`}>
                  <h2 id={`judul-templat-${j}`}>{LABEL_JENIS[j]}</h2>
                  {daftar.length ? (
                    <ul class="daftar-kartu">
                      {daftar.map((t) => (
                        <li key={t.id} class="kartu">
                          <h3 class="judul-kartu">{t.judul}</h3>
                          <p class="meta">
                            /{t.slug} · revisi {t.revisi} · diubah {waktu(t.diubah)} oleh {t.oleh}
                          </p>
                          <button type="button" class="tombol tombol-kedua" onClick={() => buka(t.id)}>
                            Ubah<span class="sr"> {t.judul}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p class="kosong">Belum ada.</p>
                  )}
                </section>
              );
            })}
          </>
        )}
      </IsiData>
      <Terapkan />
    </>
  );
}

function FormTemplat({ awal, tutup, selesai }: { awal: Templat | null; tutup: () => void; selesai: () => void }) {
  const { umumkan } = useAplikasi();
  const [jenis, aturJenis] = useState<Templat['jenis']>(awal?.jenis ?? 'halaman');
  const [judul, aturJudul] = useState(awal?.judul ?? '');
  const [slug, aturSlug] = useState(awal?.slug ?? '');
  const [slugDiubah, aturSlugDiubah] = useState(Boolean(awal));
  const [isi, aturIsi] = useState<Simpul>(() => keTiptap(awal?.isi));
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!judul.trim()) k.judul = 'Tulis judul.';
    if (!/^[a-z0-9]([a-z0-9-]{0,98}[a-z0-9])?$/.test(slug)) k.slug = 'Huruf kecil, angka dan tanda hubung, misalnya tata-tertib.';
    if (jenis === 'halaman' && dokKosongIsi(isi)) k.isi = 'Tulis isi halaman.';
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    const body = { jenis, slug, judul: judul.trim(), ...(jenis === 'halaman' ? { isi } : {}) };
    try {
      if (awal) await api.put(`/api/konsol/templat/${awal.id}`, body);
      else await api.post('/api/konsol/templat', body);
      umumkan(`Templat “${judul.trim()}” tersimpan. Terapkan ke desa agar sampai ke website desa.`);
      selesai();
    } catch (err) {
      aturGalat('Gagal menyimpan: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
      aturMengirim(false);
    }
  };

  return (
    <form class="panel" onSubmit={kirim} noValidate>
      <h2>{awal ? `Ubah templat “${awal.judul}”` : 'Templat baru'}</h2>
      <KotakGalat pesan={galat} />
      <Pilihan
        id="templat-jenis"
        label="Jenis"
        nilai={jenis}
        ubah={(v) => aturJenis(v as Templat['jenis'])}
        opsi={[
          { nilai: 'halaman', label: LABEL_JENIS.halaman },
          { nilai: 'kategori', label: LABEL_JENIS.kategori },
        ]}
        galat={kolom.jenis}
      />
      <Isian
        id="templat-judul"
        label="Judul"
        nilai={judul}
        ubah={(v) => {
          aturJudul(v);
          if (!slugDiubah) aturSlug(slugDari(v));
        }}
        galat={kolom.judul}
        maxLength={200}
        wajib
      />
      <Isian
        id="templat-slug"
        label="Alamat (slug)"
        petunjuk="Bagian alamat halaman di website desa, misalnya tata-tertib."
        nilai={slug}
        ubah={(v) => {
          aturSlug(v);
          aturSlugDiubah(true);
        }}
        galat={kolom.slug}
        autocapitalize="none"
        spellcheck={false}
        maxLength={100}
        wajib
      />
      {jenis === 'halaman' ? (
        <EditorIsi
          id="isi-templat"
          label="Isi halaman"
          petunjuk="Isi yang sama untuk semua desa. Gambar tidak bisa dipasang di templat."
          // Read once when the editor is created: after switching the type back and forth it resumes the latest text.
          isiAwal={isi}
          ubah={aturIsi}
          galat={kolom.isi}
          tanpaGambar
          pesanTerkunci="Isi templat ini memuat bagian yang tidak bisa dibuka di editor."
        />
      ) : null}
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Menyimpan…' : 'Simpan templat'}
        </button>
        <button type="button" class="tombol tombol-kedua" onClick={tutup}>
          Batal
        </button>
      </div>
    </form>
  );
}

function Terapkan() {
  const { umumkan } = useAplikasi();
  const kec = useData((signal) => api.get<{ item: BarisKecamatan[] }>('/api/konsol/kecamatan', { signal }));
  const [kecamatan, aturKecamatan] = useState('');
  const [sibuk, aturSibuk] = useState(false);
  const [galat, aturGalat] = useState<string | null>(null);
  const [hasil, aturHasil] = useState<{ desa: number; desa_berubah: number; item_berubah: number } | null>(null);
  const daftarKec = [...(kec.data?.item ?? [])].sort((a, b) => a.nama.localeCompare(b.nama, 'id'));

  const terapkan = async (e: Event) => {
    e.preventDefault();
    const tujuan = kecamatan ? `desa di Kecamatan ${daftarKec.find((k) => String(k.id) === kecamatan)?.nama ?? ''}` : 'semua desa';
    if (!window.confirm(`Terapkan semua templat ke ${tujuan}? Halaman yang sudah diubah desa tidak ditimpa.`)) return;
    aturSibuk(true);
    aturGalat(null);
    aturHasil(null);
    try {
      const r = await api.post<{ desa: number; desa_berubah: number; item_berubah: number }>(
        '/api/konsol/templat/terapkan',
        kecamatan ? { kecamatan_id: Number(kecamatan) } : {},
      );
      aturHasil(r);
      umumkan(`Templat diterapkan: ${r.desa_berubah} desa berubah.`);
    } catch (err) {
      aturGalat('Gagal menerapkan: ' + pesanGalat(err));
    } finally {
      aturSibuk(false);
    }
  };

  return (
    <section class="bagian" aria-labelledby="judul-terapkan">
      <h2 id="judul-terapkan">Terapkan ke desa</h2>
      <p class="petunjuk">
        Templat baru ditambahkan ke website desa; templat yang diubah memperbarui salinan desa yang belum pernah diubah
        desa itu sendiri. Desa yang diarsipkan dilewati.
      </p>
      <form onSubmit={terapkan} noValidate>
        <KotakGalat pesan={galat} />
        <Pilihan
          id="terapkan-kecamatan"
          label="Untuk"
          nilai={kecamatan}
          ubah={aturKecamatan}
          opsi={[{ nilai: '', label: 'Semua desa' }, ...daftarKec.map((k) => ({ nilai: String(k.id), label: `Desa di Kecamatan ${k.nama}` }))]}
        />
        <button type="submit" class="tombol tombol-utama" disabled={sibuk}>
          {sibuk ? 'Menerapkan…' : 'Terapkan templat'}
        </button>
      </form>
      {hasil ? (
        <KotakInfo jenis="sukses">
          <p role="status">
            {angka(hasil.desa)} desa diperiksa, {angka(hasil.desa_berubah)} desa berubah ({angka(hasil.item_berubah)}{' '}
            kategori/halaman ditambahkan atau diperbarui).
          </p>
        </KotakInfo>
      ) : null}
    </section>
  );
}
