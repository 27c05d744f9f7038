// Announcements to the villages' admin dashboards: all villages, or one kecamatan.
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { angka, waktu } from '../format';
import { useAplikasi } from '../konteks';
import { Area, IsiData, Isian, JudulHalaman, KotakGalat, Pilihan, TombolHapus, useData } from '../komponen/ui';
import { useHak } from './bersama';
import type { BarisKecamatan, Pengumuman } from './jenis';

export function HalamanPengumuman() {
  const hak = useHak();
  const d = useData((signal) => api.get<{ item: Pengumuman[] }>('/api/konsol/pengumuman', { signal }));
  return (
    <>
      <JudulHalaman>Pengumuman</JudulHalaman>
      <p class="sub">Pengumuman tampil di beranda admin desa sampai ditandai sudah dibaca.</p>
      {hak.tulis ? <FormPengumuman selesai={() => d.muatUlang()} /> : null}
      <h2>Pengumuman terkirim</h2>
      <IsiData d={d}>
        {(r) =>
          r.item.length ? (
            <ul class="daftar-kartu">
              {r.item.map((p) => (
                <li key={p.id} class="kartu">
                  <h3 class="judul-kartu">{p.judul}</h3>
                  <p class="meta">
                    Untuk {p.kecamatan ? `desa di Kecamatan ${p.kecamatan.nama}` : 'semua desa'} · {waktu(p.dibuat)} · oleh{' '}
                    {p.oleh} · dibaca {angka(p.dibaca)} akun
                  </p>
                  <p class="isi-utas">{p.isi}</p>
                  {hak.tulis ? (
                    <div class="deret-tombol">
                      <TombolHapus
                        jalur={`/api/konsol/pengumuman/${p.id}`}
                        nama={p.judul}
                        tanya={`Hapus pengumuman “${p.judul}”? Pengumuman hilang dari beranda desa.`}
                        saatTerhapus={() => d.atur((l) => (l ? { item: l.item.filter((x) => x.id !== p.id) } : l))}
                      />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="kosong">Belum ada pengumuman.</p>
          )
        }
      </IsiData>
    </>
  );
}

function FormPengumuman({ selesai }: { selesai: () => void }) {
  const { umumkan } = useAplikasi();
  const kec = useData((signal) => api.get<{ item: BarisKecamatan[] }>('/api/konsol/kecamatan', { signal }));
  const [judul, aturJudul] = useState('');
  const [isi, aturIsi] = useState('');
  const [kecamatan, aturKecamatan] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const daftarKec = [...(kec.data?.item ?? [])].sort((a, b) => a.nama.localeCompare(b.nama, 'id'));

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!judul.trim()) k.judul = 'Tulis judul pengumuman.';
    if (!isi.trim()) k.isi = 'Tulis isi pengumuman.';
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    const tujuan = kecamatan ? `desa di Kecamatan ${daftarKec.find((x) => String(x.id) === kecamatan)?.nama ?? ''}` : 'semua desa';
    if (!window.confirm(`Kirim pengumuman ini ke ${tujuan}?`)) return;
    aturMengirim(true);
    aturGalat(null);
    try {
      await api.post('/api/konsol/pengumuman', {
        judul: judul.trim(),
        isi: isi.trim(),
        ...(kecamatan ? { kecamatan_id: Number(kecamatan) } : {}),
      });
      aturJudul('');
      aturIsi('');
      umumkan(`Pengumuman terkirim ke ${tujuan}.`);
      selesai();
    } catch (err) {
      aturGalat('Gagal mengirim: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <form class="panel" onSubmit={kirim} noValidate>
      <h2>Kirim pengumuman</h2>
      <KotakGalat pesan={galat} />
      <Isian id="pengumuman-judul" label="Judul" nilai={judul} ubah={aturJudul} galat={kolom.judul} maxLength={200} wajib />
      <Area id="pengumuman-isi" label="Isi" nilai={isi} ubah={aturIsi} galat={kolom.isi} maxLength={5000} rows={5} wajib />
      <Pilihan
        id="pengumuman-kecamatan"
        label="Untuk"
        nilai={kecamatan}
        ubah={aturKecamatan}
        opsi={[{ nilai: '', label: 'Semua desa' }, ...daftarKec.map((k) => ({ nilai: String(k.id), label: `Desa di Kecamatan ${k.nama}` }))]}
        galat={kolom.kecamatan_id}
      />
      <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
        {mengirim ? 'Mengirim…' : 'Kirim pengumuman'}
      </button>
    </form>
  );
}
