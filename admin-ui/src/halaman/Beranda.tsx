import { api } from '../api';
import { angka, waktu } from '../format';
import type { LangkahAwal, Ringkasan } from '../jenis';
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
