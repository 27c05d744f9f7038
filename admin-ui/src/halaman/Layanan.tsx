// Citizen services inbox: complaints (pengaduan) and information requests (PPID).
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { LABEL_JENIS_LAYANAN, LABEL_STATUS_LAYANAN, waktu } from '../format';
import type { Layanan, StatusLayanan } from '../jenis';
import { useAplikasi } from '../konteks';
import type { Rute } from '../rute';
import { pergi } from '../rute';
import {
  Area,
  BarisSimpan,
  IsiData,
  JudulHalaman,
  KotakGalat,
  Lencana,
  Pilihan,
  useData,
  type KeadaanSimpan,
} from '../komponen/ui';

const TAB: { nilai: '' | StatusLayanan; label: string }[] = [
  { nilai: '', label: 'Semua' },
  { nilai: 'diterima', label: 'Baru' },
  { nilai: 'diproses', label: 'Diproses' },
  { nilai: 'selesai', label: 'Selesai' },
  { nilai: 'ditolak', label: 'Ditolak' },
];

export function LayananDaftar({ rute }: { rute: Rute }) {
  const status = rute.query.get('status') ?? '';
  const d = useData((signal) => api.get<Layanan[]>('/api/layanan', { signal }));
  const labelTab = TAB.find((t) => t.nilai === status)?.label ?? 'Semua';
  return (
    <>
      <JudulHalaman>Layanan warga</JudulHalaman>
      <p class="sub">Pengaduan dan permohonan informasi yang dikirim warga lewat website desa.</p>
      <nav class="tab-gulir" aria-label="Saring menurut status">
        <ul>
          {TAB.map((t) => (
            <li key={t.nilai}>
              <a href={'#/layanan' + (t.nilai ? `?status=${t.nilai}` : '')} aria-current={t.nilai === status ? 'true' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 class="sr">Daftar layanan: {labelTab}</h2>
      <IsiData d={d}>
        {(semua) => {
          const l = [...semua]
            .filter((x) => !status || x.status === status)
            .sort((a, b) => new Date(b.dibuat).getTime() - new Date(a.dibuat).getTime());
          if (!l.length) return <p class="kosong">Tidak ada pesan di sini.</p>;
          return (
            <ul class="daftar-kartu">
              {l.map((x) => (
                <li key={x.id} class="kartu">
                  <h3 class="judul-kartu">
                    <a href={`#/layanan/${x.id}`}>
                      {LABEL_JENIS_LAYANAN[x.jenis] ?? x.jenis} dari {x.nama || 'warga'}
                    </a>
                  </h3>
                  <p class="meta">
                    <Lencana jenis={x.status}>{LABEL_STATUS_LAYANAN[x.status] ?? x.status}</Lencana> {waktu(x.dibuat)} ·
                    Kode {x.kode}
                  </p>
                  <p class="cuplikan">{x.isi.length > 160 ? x.isi.slice(0, 160) + '…' : x.isi}</p>
                </li>
              ))}
            </ul>
          );
        }}
      </IsiData>
    </>
  );
}

export function LayananDetail({ id }: { id: number }) {
  const { umumkan } = useAplikasi();
  const [status, aturStatus] = useState<StatusLayanan>('diterima');
  const [jawaban, aturJawaban] = useState('');
  const d = useData(async (signal) => {
    const semua = await api.get<Layanan[]>('/api/layanan', { signal });
    const x = semua.find((l) => l.id === id);
    if (!x) throw new ApiError('Pesan ini tidak ditemukan.', 404);
    aturStatus(x.status);
    aturJawaban(x.jawaban ?? '');
    return x;
  });
  const [simpan, aturSimpan] = useState<KeadaanSimpan>({ k: 'diam' });
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    if ((status === 'selesai' || status === 'ditolak') && !jawaban.trim()) {
      aturKolom({ jawaban: 'Tulis jawaban untuk warga sebelum menandai selesai atau ditolak.' });
      aturSimpan({ k: 'galat', pesan: 'Belum disimpan: jawaban masih kosong.' });
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    aturSimpan({ k: 'menyimpan' });
    try {
      await api.put(`/api/layanan/${id}`, { status, jawaban: jawaban.trim() });
      aturSimpan({ k: 'tersimpan', waktu: new Date() });
      d.atur((x) => (x ? { ...x, status, jawaban: jawaban.trim() } : x));
      umumkan('Tanggapan tersimpan.');
    } catch (err) {
      const pesan = 'Gagal menyimpan: ' + pesanGalat(err);
      aturGalat(pesan);
      aturSimpan({ k: 'galat', pesan });
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <>
      <p class="kembali">
        <a href="#/layanan">‹ Layanan warga</a>
      </p>
      <JudulHalaman>Pesan warga</JudulHalaman>
      <IsiData d={d}>
        {(x) => (
          <>
            <dl class="rincian">
              <dt>Jenis</dt>
              <dd>{LABEL_JENIS_LAYANAN[x.jenis] ?? x.jenis}</dd>
              <dt>Kode</dt>
              <dd>{x.kode}</dd>
              <dt>Nama</dt>
              <dd>{x.nama || '—'}</dd>
              <dt>Kontak</dt>
              <dd>{x.kontak || '—'}</dd>
              <dt>Dikirim</dt>
              <dd>{waktu(x.dibuat)}</dd>
              <dt>Status</dt>
              <dd>
                <Lencana jenis={x.status}>{LABEL_STATUS_LAYANAN[x.status] ?? x.status}</Lencana>
              </dd>
            </dl>
            <h2>Isi pesan</h2>
            <p class="isi-pesan">{x.isi}</p>
            <h2>Tanggapan</h2>
            <form onSubmit={kirim} noValidate>
              <KotakGalat pesan={galat} />
              <Pilihan
                id="layanan-status"
                label="Status penanganan"
                nilai={status}
                ubah={(v) => aturStatus(v as StatusLayanan)}
                opsi={(Object.keys(LABEL_STATUS_LAYANAN) as StatusLayanan[]).map((s) => ({
                  nilai: s,
                  label: LABEL_STATUS_LAYANAN[s],
                }))}
                galat={kolom.status}
              />
              <Area
                id="layanan-jawaban"
                label="Jawaban untuk warga"
                petunjuk="Warga bisa membaca jawaban ini dengan kode pesannya. Gunakan bahasa yang sopan dan jelas."
                nilai={jawaban}
                ubah={aturJawaban}
                galat={kolom.jawaban}
                rows={6}
              />
              <div class="bilah-simpan">
                <BarisSimpan keadaan={simpan} />
                <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
                  Simpan tanggapan
                </button>
              </div>
            </form>
            <p>
              <button type="button" class="tombol-tautan" onClick={() => pergi('/layanan')}>
                Kembali ke daftar
              </button>
            </p>
          </>
        )}
      </IsiData>
    </>
  );
}
