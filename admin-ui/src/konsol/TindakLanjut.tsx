// The follow-up list: quiet villages by kecamatan with their admins'
// contacts and a ready WhatsApp message, to print or to work through by
// phone. Also "Kirim dorongan sekarang" (the weekly nudge, now).
import { useState } from 'preact/hooks';
import { api, pesanGalat } from '../api';
import { angka } from '../format';
import { useAplikasi } from '../konteks';
import { IsiData, JudulHalaman, useData } from '../komponen/ui';
import { LencanaPita, useHak } from './bersama';
import type { TindakLanjut } from './jenis';

export function HalamanTindakLanjut() {
  const hak = useHak();
  const { umumkan } = useAplikasi();
  const d = useData((signal) => api.get<TindakLanjut>('/api/konsol/tindak-lanjut', { signal }));
  const [mendorong, aturMendorong] = useState(false);
  const [hasilDorongan, aturHasilDorongan] = useState<string | null>(null);

  const dorong = async () => {
    if (!window.confirm('Kirim pengingat sekarang ke semua desa yang tidak aktif lebih dari 30 hari?')) return;
    aturMendorong(true);
    try {
      const r = await api.post<{ desa: number[] }>('/api/konsol/dorongan', {});
      const n = r.desa?.length ?? 0;
      const pesan = n
        ? `Pengingat terkirim ke ${angka(n)} desa.`
        : 'Tidak ada desa yang perlu diingatkan sekarang (pengingat dikirim paling banyak sekali seminggu per desa).';
      aturHasilDorongan(pesan);
      umumkan(pesan);
    } catch (e) {
      umumkan('Gagal mengirim pengingat: ' + pesanGalat(e));
    } finally {
      aturMendorong(false);
    }
  };

  return (
    <>
      <JudulHalaman>Tindak lanjut</JudulHalaman>
      <p class="sub">
        Desa yang websitenya tidak diperbarui lebih dari 30 hari, per kecamatan, dengan kontak admin desanya. Cetak
        daftar ini atau hubungi langsung lewat WhatsApp.
      </p>
      <div class="deret-tombol tidak-cetak">
        <button type="button" class="tombol tombol-kedua" onClick={() => window.print()}>
          Cetak daftar
        </button>
        {hak.tulis ? (
          <button type="button" class="tombol tombol-utama" disabled={mendorong} onClick={() => void dorong()}>
            {mendorong ? 'Mengirim…' : 'Kirim dorongan sekarang'}
          </button>
        ) : null}
      </div>
      {hak.tulis ? (
        <p class="petunjuk tidak-cetak">
          Dorongan berupa pemberitahuan di beranda admin desa (dan email bila ada) juga dikirim otomatis setiap minggu.
        </p>
      ) : null}
      {hasilDorongan ? <p class="kotak kotak-sukses tidak-cetak">{hasilDorongan}</p> : null}
      <IsiData d={d}>
        {(r) =>
          r.kecamatan.length ? (
            <>
              {r.kecamatan.map((k) => (
                <section key={k.id} class="kelompok-tindak" aria-labelledby={`tindak-${k.id}`}>
                  <h2 id={`tindak-${k.id}`}>
                    Kecamatan {k.nama} <span class="jumlah">({angka(k.desa.length)} desa)</span>
                  </h2>
                  <ul class="daftar-kartu daftar-tindak">
                    {k.desa.map((x) => (
                      <li key={x.id} class="kartu">
                        <h3 class="judul-kartu">
                          <a href={`#/desa/${x.id}`}>{x.label}</a> <LencanaPita pita={x.pita} />
                        </h3>
                        <p class="meta">
                          {x.terakhir_diubah ? `Terakhir diperbarui ${x.terakhir_diubah}` : 'Belum pernah diperbarui'} ·{' '}
                          <span class="cetak-url">{x.url}</span>
                        </p>
                        {x.admin.length ? (
                          <ul class="daftar-kontak">
                            {x.admin.map((a) => (
                              <li key={a.username}>
                                <strong>{a.nama}</strong> <span class="meta">({a.username})</span>
                                <br />
                                {a.telepon ? (
                                  <a href={`tel:${a.telepon.replace(/[^0-9+]/g, '')}`}>{a.telepon}</a>
                                ) : (
                                  <span class="meta">telepon belum diisi</span>
                                )}
                                {a.email ? (
                                  <>
                                    {' · '}
                                    <a href={`mailto:${a.email}`}>{a.email}</a>
                                  </>
                                ) : null}
                                {a.whatsapp ? (
                                  <>
                                    {' '}
                                    <a class="tombol tombol-kedua tombol-wa tidak-cetak" href={a.whatsapp} target="_blank" rel="noopener noreferrer">
                                      WhatsApp<span class="sr"> {a.nama} (membuka tab baru)</span>
                                    </a>
                                  </>
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        ) : (
                          <p class="alasan">Belum ada admin desa yang aktif. Buat akunnya dari halaman desa.</p>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </>
          ) : (
            <p class="kosong">Semua desa aktif dalam 30 hari terakhir. 👍</p>
          )
        }
      </IsiData>
    </>
  );
}
