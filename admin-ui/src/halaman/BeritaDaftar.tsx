import { useState } from 'preact/hooks';
import { api, pesanGalat } from '../api';
import { LABEL_STATUS_BERITA, angka, waktu } from '../format';
import type { DaftarBerita, StatusBerita } from '../jenis';
import { useAplikasi } from '../konteks';
import { pergi, type Rute } from '../rute';
import { IsiData, JudulHalaman, Lencana, useData } from '../komponen/ui';

const TAB: { nilai: '' | StatusBerita; label: string }[] = [
  { nilai: '', label: 'Semua' },
  { nilai: 'draft', label: 'Draf' },
  { nilai: 'pending', label: 'Menunggu' },
  { nilai: 'scheduled', label: 'Terjadwal' },
  { nilai: 'published', label: 'Terbit' },
  { nilai: 'held', label: 'Ditahan' },
  { nilai: 'trash', label: 'Sampah' },
];

function alamat(status: string, halaman: number): string {
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (halaman > 1) q.set('halaman', String(halaman));
  const s = q.toString();
  return '/berita' + (s ? '?' + s : '');
}

export function BeritaDaftar({ rute }: { rute: Rute }) {
  const { umumkan } = useAplikasi();
  const status = rute.query.get('status') ?? '';
  const halaman = Math.max(1, Number(rute.query.get('halaman')) || 1);
  const d = useData(
    (signal) =>
      api.get<DaftarBerita>(`/api/berita?status=${encodeURIComponent(status)}&halaman=${halaman}`, { signal }),
    [status, halaman],
  );
  const [sibuk, aturSibuk] = useState<number | null>(null);

  const pulihkan = async (id: number, judul: string) => {
    aturSibuk(id);
    try {
      await api.post(`/api/berita/${id}/pulihkan`);
      umumkan(`“${judul}” dipulihkan dari Sampah menjadi draf.`);
      d.muatUlang();
    } catch (e) {
      umumkan('Gagal memulihkan: ' + pesanGalat(e));
    } finally {
      aturSibuk(null);
    }
  };

  const labelTab = TAB.find((t) => t.nilai === status)?.label ?? 'Semua';

  return (
    <>
      <JudulHalaman>Berita</JudulHalaman>
      <div class="aksi-besar">
        <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => pergi('/berita/baru')}>
          Tulis berita
        </button>
      </div>
      <nav class="tab-gulir" aria-label="Saring berita menurut status">
        <ul>
          {TAB.map((t) => (
            <li key={t.nilai}>
              <a href={'#' + alamat(t.nilai, 1)} aria-current={t.nilai === status ? 'true' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 class="sr">Daftar berita: {labelTab}</h2>
      {status === 'trash' ? (
        <p class="petunjuk">Berita di Sampah bisa dipulihkan dalam 30 hari, setelah itu terhapus selamanya.</p>
      ) : null}
      <IsiData d={d}>
        {(r) => {
          const jumlahHalaman = Math.max(1, Math.ceil(r.total / Math.max(1, r.per_halaman)));
          if (!r.item.length) {
            return <p class="kosong">{status ? `Tidak ada berita berstatus “${labelTab}”.` : 'Belum ada berita. Yuk, tulis berita pertama!'}</p>;
          }
          return (
            <>
              <p class="petunjuk">{angka(r.total)} berita</p>
              <ul class="daftar-kartu" data-testid="daftar-berita">
                {r.item.map((b) => (
                  <li key={b.id} class="kartu">
                    <h3 class="judul-kartu">
                      <a href={`#/berita/${b.id}`}>{b.judul.trim() || '(Tanpa judul)'}</a>
                    </h3>
                    <p class="meta">
                      <Lencana jenis={b.status}>{LABEL_STATUS_BERITA[b.status] ?? b.status}</Lencana>{' '}
                      {b.status === 'published'
                        ? waktu(b.terbit)
                        : b.status === 'scheduled'
                          ? `untuk ${waktu(b.terbit)}`
                          : `Diubah ${waktu(b.diubah)}`}
                      {b.penulis ? ` · ${b.penulis}` : ''}
                    </p>
                    {b.status === 'held' && b.alasan ? <p class="alasan">Alasan ditahan: {b.alasan}</p> : null}
                    {b.status === 'trash' ? (
                      <button
                        type="button"
                        class="tombol tombol-kedua"
                        disabled={sibuk === b.id}
                        onClick={() => void pulihkan(b.id, b.judul)}
                      >
                        {sibuk === b.id ? 'Memulihkan…' : 'Pulihkan'}
                        <span class="sr"> {b.judul}</span>
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {jumlahHalaman > 1 ? (
                <nav class="halaman-nav" aria-label="Halaman daftar berita">
                  {r.halaman > 1 ? (
                    <a class="tombol tombol-kedua" href={'#' + alamat(status, r.halaman - 1)}>
                      ‹ Sebelumnya
                    </a>
                  ) : (
                    <span />
                  )}
                  <span>
                    Halaman {r.halaman} dari {jumlahHalaman}
                  </span>
                  {r.halaman < jumlahHalaman ? (
                    <a class="tombol tombol-kedua" href={'#' + alamat(status, r.halaman + 1)}>
                      Berikutnya ›
                    </a>
                  ) : (
                    <span />
                  )}
                </nav>
              ) : null}
            </>
          );
        }}
      </IsiData>
    </>
  );
}
