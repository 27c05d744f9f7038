// Help tickets from the villages: the queue (oldest first) and one ticket
// with its conversation and Diskominfo's reply.
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { LABEL_KATEGORI_TIKET, LABEL_STATUS_TIKET, umurJam, waktu } from '../format';
import type { StatusTiket, Tiket, TiketRingkas } from '../jenis';
import { useAplikasi } from '../konteks';
import type { Rute } from '../rute';
import { LencanaTiket, UtasPesan } from '../komponen/Tiket';
import { Area, IsiData, JudulHalaman, KotakGalat, Pilihan, TautanKembali, useData } from '../komponen/ui';
import { TabSaring, useHak } from './bersama';

const TAB = [
  { nilai: '', label: 'Terbuka' },
  { nilai: 'baru', label: 'Baru' },
  { nilai: 'diproses', label: 'Diproses' },
  { nilai: 'menunggu_desa', label: 'Menunggu desa' },
  { nilai: 'selesai', label: 'Selesai' },
  { nilai: 'semua', label: 'Semua' },
];

export function TiketDaftar({ rute }: { rute: Rute }) {
  const q = rute.query.get('status') ?? '';
  const status = TAB.some((t) => t.nilai === q) ? q : '';
  const d = useData(
    (signal) => api.get<{ item: TiketRingkas[] }>(`/api/konsol/tiket${status ? `?status=${status}` : ''}`, { signal }),
    [status],
  );
  return (
    <>
      <JudulHalaman>Tiket bantuan</JudulHalaman>
      <p class="sub">Pertanyaan dan laporan dari desa, yang paling lama menunggu di atas.</p>
      <TabSaring
        label="Saring tiket menurut status"
        pilihan={TAB}
        aktif={status}
        alamat={(v) => (v ? `/tiket?status=${v}` : '/tiket')}
      />
      <IsiData d={d}>
        {(r) =>
          r.item.length ? (
            <ul class="daftar-kartu">
              {r.item.map((t) => {
                const perlu = t.status !== 'selesai' && !t.dibalas_diskominfo;
                return (
                  <li key={t.id} class={'kartu' + (perlu ? ' kartu-perlu' : '')}>
                    <h2 class="judul-kartu">
                      <a href={`#/tiket/${t.id}`}>{t.judul}</a>
                    </h2>
                    <p class="meta">
                      <a href={`#/desa/${t.desa.id}`}>{t.desa.label}</a> · Kec. {t.desa.kecamatan} ·{' '}
                      {LABEL_KATEGORI_TIKET[t.kategori] ?? t.kategori}
                    </p>
                    <p class="meta">
                      <LencanaTiket status={t.status} /> · umur <strong>{umurJam(t.umur_jam)}</strong>
                      {perlu ? (
                        <>
                          {' '}
                          · <span class="alasan">perlu dibalas</span>
                        </>
                      ) : null}
                    </p>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p class="kosong">Tidak ada tiket di sini.</p>
          )
        }
      </IsiData>
    </>
  );
}

const OPSI_STATUS = (Object.keys(LABEL_STATUS_TIKET) as StatusTiket[]).map((s) => ({
  nilai: s,
  label: s === 'menunggu_desa' ? 'Menunggu jawaban desa (biasanya)' : LABEL_STATUS_TIKET[s],
}));

export function TiketDetail({ id }: { id: number }) {
  const hak = useHak();
  const { umumkan } = useAplikasi();
  const d = useData((signal) => api.get<Tiket>(`/api/konsol/tiket/${id}`, { signal }), [id]);
  const [isi, aturIsi] = useState('');
  const [status, aturStatus] = useState<StatusTiket>('menunggu_desa');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    if (!isi.trim()) {
      aturKolom({ isi: 'Tulis balasan untuk desa.' });
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      d.atur(await api.post<Tiket>(`/api/konsol/tiket/${id}/balas`, { isi: isi.trim(), status }));
      aturIsi('');
      umumkan('Balasan terkirim ke desa.');
    } catch (err) {
      aturGalat('Gagal mengirim: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <>
      <TautanKembali href="#/tiket">Tiket</TautanKembali>
      <IsiData d={d}>
        {(t) => (
          <>
            <JudulHalaman>{t.judul}</JudulHalaman>
            <p class="meta">
              <a href={`#/desa/${t.desa.id}`}>{t.desa.label}</a> · Kec. {t.desa.kecamatan} ·{' '}
              {LABEL_KATEGORI_TIKET[t.kategori] ?? t.kategori}
            </p>
            <p class="meta">
              <LencanaTiket status={t.status} /> · dibuat {waktu(t.dibuat)} · diperbarui {waktu(t.diperbarui)}
            </p>
            <h2 class="sr">Percakapan</h2>
            <UtasPesan pesan={t.pesan} />
            {hak.tulis ? (
              <form class="panel" onSubmit={kirim} noValidate>
                <h2>Balas</h2>
                <KotakGalat pesan={galat} />
                <Area id="balas-tiket" label="Balasan" nilai={isi} ubah={aturIsi} galat={kolom.isi} maxLength={5000} rows={5} wajib />
                <Pilihan
                  id="balas-status"
                  label="Status tiket setelah dibalas"
                  nilai={status}
                  ubah={(v) => aturStatus(v as StatusTiket)}
                  opsi={OPSI_STATUS}
                  galat={kolom.status}
                />
                <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
                  {mengirim ? 'Mengirim…' : 'Kirim balasan'}
                </button>
              </form>
            ) : null}
          </>
        )}
      </IsiData>
    </>
  );
}
