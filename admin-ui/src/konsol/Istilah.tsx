// The scanner's list of gambling/spam phrases and domains.
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { useAplikasi } from '../konteks';
import { IsiData, Isian, JudulHalaman, KotakGalat, TombolHapus, useData } from '../komponen/ui';
import type { Istilah } from './jenis';

const JENIS: { nilai: Istilah['jenis']; label: string; ket: string }[] = [
  { nilai: 'frasa', label: 'Frasa', ket: 'kata atau kalimat, misalnya “slot gacor”' },
  { nilai: 'domain', label: 'Domain', ket: 'alamat situs, misalnya judi-contoh.com' },
];

export function HalamanIstilah() {
  const { umumkan } = useAplikasi();
  const d = useData((signal) => api.get<{ item: Istilah[] }>('/api/konsol/istilah', { signal }));
  const [istilah, aturIstilah] = useState('');
  const [jenis, aturJenis] = useState<Istilah['jenis']>('frasa');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const t = istilah.trim();
    if ([...t].length < 2) {
      aturKolom({ istilah: 'Tulis istilah, minimal 2 karakter.' });
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      const r = await api.post<Istilah>('/api/konsol/istilah', { istilah: t, jenis });
      d.atur((l) => (l ? { item: [...l.item, { ...r, oleh: '' }] } : l));
      aturIstilah('');
      umumkan(`“${r.istilah}” ditambahkan ke daftar.`);
    } catch (err) {
      aturGalat('Gagal menambah: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <>
      <JudulHalaman>Istilah judol</JudulHalaman>
      <p class="sub">
        Pemindai menahan berita, halaman dan komentar yang memuat istilah atau domain ini sampai diputuskan di
        Moderasi.
      </p>
      <form class="panel" onSubmit={kirim} noValidate>
        <h2>Tambah istilah</h2>
        <KotakGalat pesan={galat} />
        <Isian
          id="istilah-baru"
          label="Istilah atau domain"
          nilai={istilah}
          ubah={aturIstilah}
          galat={kolom.istilah}
          autocapitalize="none"
          spellcheck={false}
          maxLength={100}
        />
        <fieldset class="kolom">
          <legend>Jenis</legend>
          {JENIS.map((j) => (
            <label key={j.nilai} class="pilihan-radio">
              <input type="radio" name="jenis-istilah" checked={jenis === j.nilai} onChange={() => aturJenis(j.nilai)} />
              <span>
                <strong>{j.label}</strong>: {j.ket}
              </span>
            </label>
          ))}
          {kolom.jenis ? <p class="pesan-galat">{kolom.jenis}</p> : null}
        </fieldset>
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Menambah…' : 'Tambah'}
        </button>
      </form>
      <IsiData d={d}>
        {(r) => (
          <>
            {JENIS.map((j) => {
              const daftar = r.item.filter((x) => x.jenis === j.nilai).sort((a, b) => a.istilah.localeCompare(b.istilah));
              return (
                <section key={j.nilai} aria-labelledby={`judul-istilah-${j.nilai}`}>
                  <h2 id={`judul-istilah-${j.nilai}`}>
                    {j.label} <span class="jumlah">({daftar.length})</span>
                  </h2>
                  {daftar.length ? (
                    <ul class="daftar-istilah">
                      {daftar.map((x) => (
                        <li key={x.id}>
                          <span class="isi-istilah">{x.istilah}</span>
                          {x.oleh ? <span class="meta"> · {x.oleh}</span> : null}
                          <TombolHapus
                            jalur={`/api/konsol/istilah/${x.id}`}
                            nama={x.istilah}
                            tanya={`Hapus “${x.istilah}” dari daftar?`}
                            saatTerhapus={() => d.atur((l) => (l ? { item: l.item.filter((y) => y.id !== x.id) } : l))}
                          />
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
    </>
  );
}
