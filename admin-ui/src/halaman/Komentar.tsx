import { useState } from 'preact/hooks';
import { api, pesanGalat } from '../api';
import { waktu } from '../format';
import type { Komentar } from '../jenis';
import { useAplikasi } from '../konteks';
import type { Rute } from '../rute';
import { IsiData, JudulHalaman, useData } from '../komponen/ui';

const TAB = [
  { nilai: 'pending', label: 'Menunggu' },
  { nilai: 'approved', label: 'Disetujui' },
  { nilai: 'rejected', label: 'Ditolak' },
] as const;

export function KomentarDaftar({ rute }: { rute: Rute }) {
  const { umumkan } = useAplikasi();
  const status = TAB.find((t) => t.nilai === rute.query.get('status'))?.nilai ?? 'pending';
  const d = useData((signal) => api.get<Komentar[]>(`/api/komentar?status=${status}`, { signal }), [status]);
  const [sibuk, aturSibuk] = useState<number | null>(null);

  const putuskan = async (k: Komentar, baru: 'approved' | 'rejected') => {
    aturSibuk(k.id);
    try {
      await api.put(`/api/komentar/${k.id}`, { status: baru });
      d.atur((l) => (l ? l.filter((x) => x.id !== k.id) : l));
      umumkan(baru === 'approved' ? `Komentar dari ${k.nama} disetujui dan tampil di website.` : `Komentar dari ${k.nama} ditolak.`);
    } catch (e) {
      umumkan('Gagal menyimpan: ' + pesanGalat(e));
    } finally {
      aturSibuk(null);
    }
  };

  return (
    <>
      <p class="kembali">
        <a href="#/lainnya">‹ Lainnya</a>
      </p>
      <JudulHalaman>Komentar</JudulHalaman>
      <nav class="tab-gulir" aria-label="Saring komentar">
        <ul>
          {TAB.map((t) => (
            <li key={t.nilai}>
              <a href={`#/komentar?status=${t.nilai}`} aria-current={t.nilai === status ? 'true' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <IsiData d={d}>
        {(l) =>
          l.length ? (
            <ul class="daftar-kartu">
              {l.map((k) => (
                <li key={k.id} class="kartu">
                  <h2 class="judul-kartu">
                    {k.nama} <span class="meta">pada “{k.berita_judul}”</span>
                  </h2>
                  <p class="meta">{waktu(k.dibuat)}</p>
                  <p class="isi-pesan">{k.isi}</p>
                  <div class="deret-tombol">
                    {status !== 'approved' ? (
                      <button
                        type="button"
                        class="tombol tombol-utama"
                        disabled={sibuk === k.id}
                        onClick={() => void putuskan(k, 'approved')}
                      >
                        Setujui<span class="sr"> komentar dari {k.nama}</span>
                      </button>
                    ) : null}
                    {status !== 'rejected' ? (
                      <button
                        type="button"
                        class="tombol tombol-bahaya"
                        disabled={sibuk === k.id}
                        onClick={() => void putuskan(k, 'rejected')}
                      >
                        Tolak<span class="sr"> komentar dari {k.nama}</span>
                      </button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p class="kosong">{status === 'pending' ? 'Tidak ada komentar yang menunggu. 👍' : 'Tidak ada komentar di sini.'}</p>
          )
        }
      </IsiData>
    </>
  );
}
