// "Bantuan Diskominfo": the village's help tickets to the regency's
// Diskominfo, with screenshots.
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { LABEL_KATEGORI_TIKET, waktu } from '../format';
import type { KategoriTiket, Media, Tiket, TiketRingkas } from '../jenis';
import { useAplikasi } from '../konteks';
import { pergi } from '../rute';
import { LencanaTiket, UnggahTangkapan, UtasPesan } from '../komponen/Tiket';
import {
  Area,
  IsiData,
  Isian,
  JudulHalaman,
  KotakGalat,
  Pilihan,
  TautanKembali,
  useData,
} from '../komponen/ui';

const OPSI_KATEGORI = [
  { nilai: '', label: 'Pilih kategori…' },
  ...(Object.keys(LABEL_KATEGORI_TIKET) as KategoriTiket[]).map((k) => ({ nilai: k, label: LABEL_KATEGORI_TIKET[k] })),
];

export function BantuanDaftar() {
  const d = useData((signal) => api.get<{ item: TiketRingkas[] }>('/api/tiket', { signal }));
  return (
    <>
      <TautanKembali href="#/lainnya">Lainnya</TautanKembali>
      <JudulHalaman>Bantuan Diskominfo</JudulHalaman>
      <p class="sub">
        Ada kendala dengan website desa? Tanyakan ke Diskominfo di sini. Jawaban akan muncul di halaman ini.
      </p>
      <div class="aksi-besar">
        <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => pergi('/bantuan/baru')}>
          Buat tiket bantuan
        </button>
      </div>
      <h2>Tiket desa</h2>
      <IsiData d={d}>
        {(r) =>
          r.item.length ? (
            <ul class="daftar-kartu">
              {[...r.item].reverse().map((t) => (
                <li key={t.id} class="kartu">
                  <h3 class="judul-kartu">
                    <a href={`#/bantuan/${t.id}`}>{t.judul}</a>
                  </h3>
                  <p class="meta">
                    <LencanaTiket status={t.status} /> · {LABEL_KATEGORI_TIKET[t.kategori] ?? t.kategori} · dibuat{' '}
                    {waktu(t.dibuat)}
                  </p>
                  {t.dibalas_diskominfo && t.status !== 'selesai' ? (
                    <p class="alasan">Ada balasan dari Diskominfo.</p>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="kosong">Belum ada tiket. Jika ada kendala, jangan ragu bertanya.</p>
          )
        }
      </IsiData>
    </>
  );
}

export function BantuanBaru() {
  const { umumkan } = useAplikasi();
  const [kategori, aturKategori] = useState('');
  const [judul, aturJudul] = useState('');
  const [isi, aturIsi] = useState('');
  const [gambar, aturGambar] = useState<Media[]>([]);
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!kategori) k.kategori = 'Pilih kategori masalah.';
    if (!judul.trim()) k.judul = 'Tulis judul singkat, misalnya “Foto berita tidak muncul”.';
    if (!isi.trim()) k.isi = 'Ceritakan masalahnya.';
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    try {
      const t = await api.post<Tiket>('/api/tiket', {
        kategori,
        judul: judul.trim(),
        isi: isi.trim(),
        gambar: gambar.map((g) => g.key),
      });
      umumkan('Tiket terkirim ke Diskominfo.');
      pergi(`/bantuan/${t.id}`);
    } catch (err) {
      aturGalat('Gagal mengirim: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
      aturMengirim(false);
    }
  };

  return (
    <form onSubmit={kirim} noValidate>
      <TautanKembali href="#/bantuan">Bantuan Diskominfo</TautanKembali>
      <JudulHalaman>Buat tiket bantuan</JudulHalaman>
      <KotakGalat pesan={galat} />
      <Pilihan
        id="tiket-kategori"
        label="Kategori"
        nilai={kategori}
        ubah={aturKategori}
        opsi={OPSI_KATEGORI}
        galat={kolom.kategori}
        wajib
      />
      <Isian id="tiket-judul" label="Judul" nilai={judul} ubah={aturJudul} galat={kolom.judul} maxLength={200} wajib />
      <Area
        id="tiket-isi"
        label="Ceritakan masalahnya"
        petunjuk="Apa yang Anda lakukan, apa yang terjadi, dan di halaman mana."
        nilai={isi}
        ubah={aturIsi}
        galat={kolom.isi}
        maxLength={5000}
        rows={6}
        wajib
      />
      <UnggahTangkapan id="tiket-gambar" nilai={gambar} ubah={aturGambar} galat={kolom.gambar} />
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Mengirim…' : 'Kirim tiket'}
        </button>
      </div>
    </form>
  );
}

export function BantuanDetail({ id }: { id: number }) {
  const { umumkan, akun } = useAplikasi();
  const d = useData((signal) => api.get<Tiket>(`/api/tiket/${id}`, { signal }), [id]);
  const [isi, aturIsi] = useState('');
  const [gambar, aturGambar] = useState<Media[]>([]);
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const balas = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    if (!isi.trim()) {
      aturKolom({ isi: 'Tulis balasan Anda.' });
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      const t = await api.post<Tiket>(`/api/tiket/${id}/balas`, { isi: isi.trim(), gambar: gambar.map((g) => g.key) });
      d.atur(t);
      aturIsi('');
      aturGambar([]);
      umumkan('Balasan terkirim.');
    } catch (err) {
      aturGalat('Gagal mengirim: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  const selesai = async () => {
    if (!window.confirm('Tandai tiket ini selesai? Masalahnya sudah teratasi?')) return;
    aturMengirim(true);
    try {
      d.atur(await api.post<Tiket>(`/api/tiket/${id}/selesai`, {}));
      umumkan('Tiket ditandai selesai. Terima kasih!');
    } catch (err) {
      umumkan('Gagal menyimpan: ' + pesanGalat(err));
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <>
      <TautanKembali href="#/bantuan">Bantuan Diskominfo</TautanKembali>
      <IsiData d={d}>
        {(t) => (
          <>
            <JudulHalaman>{t.judul}</JudulHalaman>
            <p class="meta">
              <LencanaTiket status={t.status} /> · {LABEL_KATEGORI_TIKET[t.kategori] ?? t.kategori} · dibuat{' '}
              {waktu(t.dibuat)}
            </p>
            <h2 class="sr">Percakapan</h2>
            <UtasPesan pesan={t.pesan} />
            <form class="panel" onSubmit={balas} noValidate>
              <h2>Balas</h2>
              {t.status === 'selesai' ? (
                <p class="petunjuk">Tiket ini sudah selesai. Kirim balasan jika masalahnya muncul lagi; tiket akan dibuka kembali.</p>
              ) : null}
              <KotakGalat pesan={galat} />
              <Area
                id="balas-isi"
                label="Balasan"
                nilai={isi}
                ubah={aturIsi}
                galat={kolom.isi}
                maxLength={5000}
                wajib
              />
              <UnggahTangkapan id="balas-gambar" nilai={gambar} ubah={aturGambar} galat={kolom.gambar} />
              <div class="deret-tombol">
                <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
                  Kirim balasan
                </button>
                {t.status !== 'selesai' && !akun.menyamar ? (
                  <button type="button" class="tombol tombol-kedua" disabled={mengirim} onClick={() => void selesai()}>
                    Tandai selesai
                  </button>
                ) : null}
              </div>
            </form>
          </>
        )}
      </IsiData>
    </>
  );
}
