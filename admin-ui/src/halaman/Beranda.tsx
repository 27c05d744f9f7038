import { useState } from 'preact/hooks';
import { api, pesanGalat } from '../api';
import { angka, waktu } from '../format';
import type { CatatanDesa, LangkahAwal, Pemberitahuan, PengumumanDesa, Ringkasan } from '../jenis';
import { bolehTerbit, useAplikasi } from '../konteks';
import { pergi } from '../rute';
import { IsiData, JudulHalaman, useData } from '../komponen/ui';

export function Beranda() {
  const { akun } = useAplikasi();
  const d = useData((signal) => api.get<Ringkasan>('/api/ringkasan', { signal }));
  const namaDepan = akun.nama.split(/\s+/)[0] || akun.nama;
  return (
    <>
      <JudulHalaman>Halo, {namaDepan}!</JudulHalaman>
      <DaftarPemberitahuan />
      <div class="aksi-besar">
        <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => pergi('/berita/baru')}>
          Tulis berita
        </button>
        <button type="button" class="tombol tombol-kedua tombol-besar" onClick={() => pergi('/agenda/baru')}>
          Tambah agenda
        </button>
      </div>
      <IsiData d={d}>
        {(r) => (
          <>
            <p class="sub">
              Website <strong>{r.desa.label}</strong>{' '}
              <a href={r.desa.url} target="_blank" rel="noopener noreferrer">
                Lihat website
                <span class="sr"> (membuka tab baru)</span>
              </a>
            </p>
            <KartuLangkahAwal langkah={r.langkah_awal} />
            <h2>Ringkasan</h2>
            <ul class="kartu-angka">
              <li>
                <a href="#/berita?status=published">
                  <strong>{angka(r.berita_terbit)}</strong> berita terbit
                </a>
              </li>
              <li>
                <a href="#/berita?status=draft">
                  <strong>{angka(r.draf)}</strong> draf
                </a>
              </li>
              <li class={r.menunggu > 0 ? 'perlu-perhatian' : ''}>
                <a href="#/berita?status=pending">
                  <strong>{angka(r.menunggu)}</strong> menunggu persetujuan
                </a>
              </li>
              <li class={r.layanan_baru > 0 ? 'perlu-perhatian' : ''}>
                <a href="#/layanan?status=diterima">
                  <strong>{angka(r.layanan_baru)}</strong> pesan layanan warga baru
                </a>
              </li>
              {typeof r.komentar_baru === 'number' && bolehTerbit(akun.peran) ? (
                <li class={r.komentar_baru > 0 ? 'perlu-perhatian' : ''}>
                  <a href="#/komentar?status=pending">
                    <strong>{angka(r.komentar_baru)}</strong> komentar warga menunggu persetujuan
                  </a>
                </li>
              ) : null}
            </ul>
            <p class="petunjuk">
              {r.terakhir_diubah ? `Terakhir ada perubahan: ${waktu(r.terakhir_diubah)}.` : 'Belum ada perubahan.'}
            </p>
          </>
        )}
      </IsiData>
    </>
  );
}

/** Where a checklist item leads when the server's `tautan` is not a plain hash route. */
const TAUTAN_LANGKAH: Record<string, string> = {
  profil: '#/pengaturan',
  sejarah: '#/profil',
  logo: '#/pengaturan',
  perangkat: '#/data/perangkat',
  berita: '#/berita/baru',
};

function tautanLangkah(l: LangkahAwal): string {
  if (typeof l.tautan === 'string' && /^#\/[\w\-/?=&.%]*$/.test(l.tautan)) return l.tautan;
  return TAUTAN_LANGKAH[l.kunci] ?? '#/';
}

/** "Langkah awal": the onboarding checklist, shown until every step is done. */
function KartuLangkahAwal({ langkah }: { langkah?: LangkahAwal[] }) {
  if (!Array.isArray(langkah) || !langkah.length) return null;
  const total = langkah.length;
  const selesai = langkah.filter((l) => l.selesai).length;
  if (selesai >= total) return null;
  return (
    <section class="kartu langkah-awal" aria-labelledby="judul-langkah-awal">
      <h2 id="judul-langkah-awal">Langkah awal</h2>
      <p class="petunjuk">Lengkapi website desa langkah demi langkah agar siap dikunjungi warga.</p>
      <label class="langkah-kemajuan" for="kemajuan-langkah-awal">
        {selesai} dari {total} selesai
      </label>
      <progress id="kemajuan-langkah-awal" max={total} value={selesai}>
        {selesai} dari {total} selesai
      </progress>
      <ul class="daftar-langkah">
        {langkah.map((l) => (
          <li key={l.kunci} class={l.selesai ? 'selesai' : undefined}>
            <a href={tautanLangkah(l)}>
              <span class="tanda-langkah" aria-hidden="true">
                {l.selesai ? '✓' : ''}
              </span>
              <span class="judul-langkah">{l.judul}</span>
              <span class="sr">{l.selesai ? ' (sudah selesai)' : ' (belum)'}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Where a Diskominfo note leads. */
const TAUTAN_CATATAN: Record<string, { href: string; label: string }> = {
  sepi: { href: '#/berita/baru', label: 'Tulis berita sekarang' },
  konten_ditahan: { href: '#/bantuan', label: 'Tanya Diskominfo' },
};

/** Unread announcements and notes from Diskominfo, each closed with "Sudah dibaca". */
function DaftarPemberitahuan() {
  const { akun, umumkan } = useAplikasi();
  const d = useData((signal) => api.get<Pemberitahuan>('/api/pemberitahuan', { signal }));
  const [sibuk, aturSibuk] = useState<string | null>(null);
  if (!d.data) return null;
  const pengumuman = d.data.pengumuman.filter((p) => !p.dibaca);
  const catatan = d.data.catatan;
  if (!pengumuman.length && !catatan.length) return null;

  const tutup = async (jenis: 'pengumuman' | 'catatan', id: number) => {
    const kunci = `${jenis}-${id}`;
    aturSibuk(kunci);
    try {
      // Diskominfo looking as the village only hides it on this screen: the village must still see it.
      if (!akun.menyamar) await api.post(`/api/pemberitahuan/${jenis}/${id}/baca`, {});
      d.atur((l) =>
        l
          ? {
              pengumuman: l.pengumuman.map((p) => (jenis === 'pengumuman' && p.id === id ? { ...p, dibaca: true } : p)),
              catatan: jenis === 'catatan' ? l.catatan.filter((c) => c.id !== id) : l.catatan,
            }
          : l,
      );
    } catch (e) {
      umumkan('Gagal menyimpan: ' + pesanGalat(e));
    } finally {
      aturSibuk(null);
    }
  };

  return (
    <section class="pemberitahuan-desa" aria-labelledby="judul-pemberitahuan">
      <h2 id="judul-pemberitahuan" class="sr">
        Pemberitahuan dari Diskominfo
      </h2>
      <ul class="daftar-pemberitahuan">
        {catatan.map((c: CatatanDesa) => {
          const t = TAUTAN_CATATAN[c.jenis];
          return (
            <li key={`c${c.id}`} class="kotak kotak-peringatan">
              <p>{c.pesan}</p>
              <p class="meta">Dari Diskominfo · {waktu(c.waktu)}</p>
              <div class="deret-tombol">
                {t ? (
                  <a class="tombol tombol-utama" href={t.href}>
                    {t.label}
                  </a>
                ) : null}
                <button
                  type="button"
                  class="tombol tombol-kedua"
                  disabled={sibuk === `catatan-${c.id}`}
                  onClick={() => void tutup('catatan', c.id)}
                >
                  Sudah dibaca<span class="sr">: {c.pesan.slice(0, 60)}</span>
                </button>
              </div>
            </li>
          );
        })}
        {pengumuman.map((p: PengumumanDesa) => (
          <li key={`p${p.id}`} class="kotak kotak-info">
            <h3 class="judul-kotak">{p.judul}</h3>
            <p class="isi-utas">{p.isi}</p>
            <p class="meta">Pengumuman Diskominfo · {waktu(p.waktu)}</p>
            <div class="deret-tombol">
              <button
                type="button"
                class="tombol tombol-kedua"
                disabled={sibuk === `pengumuman-${p.id}`}
                onClick={() => void tutup('pengumuman', p.id)}
              >
                Sudah dibaca<span class="sr">: {p.judul}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
