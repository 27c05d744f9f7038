import { api } from '../api';
import { angka, waktu } from '../format';
import type { Ringkasan } from '../jenis';
import { useAplikasi } from '../konteks';
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
