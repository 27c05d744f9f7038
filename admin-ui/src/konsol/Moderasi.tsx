// Content the judol/spam scanner held back: release a false positive (the
// scanner remembers it) or delete it, optionally locking the account.
import { useState } from 'preact/hooks';
import { api, pesanGalat } from '../api';
import { waktu } from '../format';
import { useAplikasi } from '../konteks';
import type { Rute } from '../rute';
import { IsiData, JudulHalaman, Lencana, useData } from '../komponen/ui';
import { TabSaring, useHak } from './bersama';
import type { StatusTahanan, Tahanan } from './jenis';

const TAB: { nilai: StatusTahanan; label: string }[] = [
  { nilai: 'menunggu', label: 'Menunggu keputusan' },
  { nilai: 'dilepas', label: 'Dilepas' },
  { nilai: 'dihapus', label: 'Dihapus' },
];

const LABEL_OBJEK: Record<string, string> = {
  berita: 'Berita',
  komentar: 'Komentar warga',
  halaman: 'Halaman profil',
  layanan: 'Pesan layanan warga',
};

export function Moderasi({ rute }: { rute: Rute }) {
  const q = rute.query.get('status') ?? '';
  const status = TAB.find((t) => t.nilai === q)?.nilai ?? 'menunggu';
  const d = useData((signal) => api.get<{ item: Tahanan[] }>(`/api/konsol/moderasi?status=${status}`, { signal }), [status]);
  const buang = (id: number) => d.atur((l) => (l ? { item: l.item.filter((x) => x.id !== id) } : l));
  return (
    <>
      <JudulHalaman>Moderasi</JudulHalaman>
      <p class="sub">
        Isi yang ditahan pemindai judi online dan spam. Lepaskan jika ternyata aman (pemindai mengingatnya), atau hapus.
      </p>
      <TabSaring label="Saring menurut keputusan" pilihan={TAB} aktif={status} alamat={(v) => `/moderasi?status=${v}`} />
      <IsiData d={d}>
        {(r) =>
          r.item.length ? (
            <ul class="daftar-kartu">
              {r.item.map((t) => (
                <KartuTahanan key={t.id} t={t} selesai={() => buang(t.id)} />
              ))}
            </ul>
          ) : (
            <p class="kosong">{status === 'menunggu' ? 'Tidak ada isi yang menunggu keputusan. 👍' : 'Belum ada.'}</p>
          )
        }
      </IsiData>
    </>
  );
}

function KartuTahanan({ t, selesai }: { t: Tahanan; selesai: () => void }) {
  const hak = useHak();
  const { umumkan } = useAplikasi();
  const [kunci, aturKunci] = useState(false);
  const [sibuk, aturSibuk] = useState(false);
  const judul = t.judul || LABEL_OBJEK[t.objek] || t.objek;

  const putuskan = async (aksi: 'lepas' | 'hapus') => {
    const tanya =
      aksi === 'lepas'
        ? `Lepaskan “${judul}”? Isi ini akan tampil lagi dan tidak akan ditahan lagi.`
        : `Hapus “${judul}”?${kunci && t.akun ? ` Akun ${t.akun} juga akan dikunci.` : ''}`;
    if (!window.confirm(tanya)) return;
    aturSibuk(true);
    try {
      await api.post(`/api/konsol/moderasi/${t.id}/${aksi}`, aksi === 'hapus' ? { kunci_akun: kunci } : {});
      umumkan(aksi === 'lepas' ? `“${judul}” dilepas.` : `“${judul}” dihapus.`);
      selesai();
    } catch (e) {
      umumkan('Gagal: ' + pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };

  return (
    <li class="kartu">
      <h2 class="judul-kartu">{judul}</h2>
      <p class="meta">
        <Lencana jenis="held">{LABEL_OBJEK[t.objek] ?? t.objek}</Lencana> · <a href={`#/desa/${t.desa.id}`}>{t.desa.label}</a> ·{' '}
        {waktu(t.dibuat)}
        {t.akun ? ` · oleh ${t.akun}` : ''}
      </p>
      {t.cuplikan ? <p class="isi-pesan cuplikan">{t.cuplikan}</p> : null}
      {t.alasan.length ? <p class="alasan">Terdeteksi: {t.alasan.join(', ')}</p> : null}
      {t.diputus_oleh ? <p class="meta">Diputuskan oleh {t.diputus_oleh}</p> : null}
      {hak.tulis && t.status === 'menunggu' ? (
        <>
          {t.akun ? (
            <label class="pilihan-centang">
              <input type="checkbox" checked={kunci} onChange={(e) => aturKunci((e.currentTarget as HTMLInputElement).checked)} />
              Saat menghapus, kunci juga akun {t.akun}
            </label>
          ) : null}
          <div class="deret-tombol">
            <button type="button" class="tombol tombol-kedua" disabled={sibuk} onClick={() => void putuskan('lepas')}>
              Lepaskan (aman)<span class="sr">: {judul}</span>
            </button>
            <button type="button" class="tombol tombol-bahaya" disabled={sibuk} onClick={() => void putuskan('hapus')}>
              Hapus<span class="sr">: {judul}</span>
            </button>
          </div>
        </>
      ) : null}
    </li>
  );
}
