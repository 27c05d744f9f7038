// "Ringkasan desa": every village's activity in one table, with filters,
// search, sortable columns, pages and a CSV download of the same view. The
// filters live in the address (#/?kecamatan=…&pita=…) so Back works and a
// view can be shared. "Unduh data terbuka" gets every village's public data.
import { useEffect, useState } from 'preact/hooks';
import { api, pesanGalat } from '../api';
import { angka, hariLalu, jumlahHariLalu, waktu } from '../format';
import { useAplikasi } from '../konteks';
import { pergi, type Rute } from '../rute';
import { IsiData, Isian, JudulHalaman, Pilihan, useData } from '../komponen/ui';
import {
  GulirTabel,
  KETERANGAN_PITA,
  LABEL_PITA,
  LencanaPita,
  LencanaStatusDesa,
  labelDesa,
  ukuran,
  useHak,
} from './bersama';
import type { BarisKecamatan, DaftarDesa, Pita } from './jenis';

type Urut = 'nama' | 'kecamatan' | 'terakhir' | 'login' | 'berita' | 'kunjungan' | 'penyimpanan' | 'langkah' | 'tiket' | 'galat';

const URUT: Urut[] = ['nama', 'kecamatan', 'terakhir', 'login', 'berita', 'kunjungan', 'penyimpanan', 'langkah', 'tiket', 'galat'];
/** Text columns start A→Z; numbers and dates start with the biggest / newest. */
const NAIK_DULU: Urut[] = ['nama', 'kecamatan'];
const PITA: Pita[] = ['aktif', 'kurang_aktif', 'tidak_aktif'];

interface Saring {
  q: string;
  kecamatan: string;
  pita: string;
  status: string;
  urut: Urut;
  arah: 'naik' | 'turun';
  halaman: number;
}

function bacaSaring(q: URLSearchParams): Saring {
  const urut = (URUT as string[]).includes(q.get('urut') ?? '') ? (q.get('urut') as Urut) : 'terakhir';
  const arahQ = q.get('arah');
  const arah = arahQ === 'naik' || arahQ === 'turun' ? arahQ : NAIK_DULU.includes(urut) ? 'naik' : 'turun';
  return {
    q: q.get('q') ?? '',
    kecamatan: /^\d+$/.test(q.get('kecamatan') ?? '') ? (q.get('kecamatan') as string) : '',
    pita: (PITA as string[]).includes(q.get('pita') ?? '') ? (q.get('pita') as string) : '',
    status: ['active', 'suspended', 'archived'].includes(q.get('status') ?? '') ? (q.get('status') as string) : '',
    urut,
    arah,
    halaman: Math.max(1, Number(q.get('halaman')) || 1),
  };
}

/** The query string of a view (only what differs from the defaults, for the address). */
function kueri(s: Saring, untukApi = false, denganHalaman = true): string {
  const q = new URLSearchParams();
  if (s.q) q.set('q', s.q);
  if (s.kecamatan) q.set('kecamatan', s.kecamatan);
  if (s.pita) q.set('pita', s.pita);
  if (s.status) q.set('status', s.status);
  if (untukApi || s.urut !== 'terakhir') q.set('urut', s.urut);
  if (untukApi || s.arah !== (NAIK_DULU.includes(s.urut) ? 'naik' : 'turun')) q.set('arah', s.arah);
  if (denganHalaman && (untukApi || s.halaman > 1)) q.set('halaman', String(s.halaman));
  return q.toString();
}

function alamat(s: Saring): string {
  const k = kueri(s);
  return '/' + (k ? '?' + k : '');
}

const KOLOM: { urut: Urut; label: string; angka?: boolean }[] = [
  { urut: 'nama', label: 'Desa' },
  { urut: 'kecamatan', label: 'Kecamatan' },
  { urut: 'terakhir', label: 'Terakhir diubah' },
  { urut: 'login', label: 'Login terakhir' },
  { urut: 'berita', label: 'Berita 30 hari', angka: true },
  { urut: 'kunjungan', label: 'Kunjungan 30 hari', angka: true },
  { urut: 'penyimpanan', label: 'Penyimpanan', angka: true },
  { urut: 'langkah', label: 'Langkah awal', angka: true },
  { urut: 'tiket', label: 'Tiket terbuka', angka: true },
  { urut: 'galat', label: 'Galat 30 hari', angka: true },
];

export function RingkasanDesa({ rute }: { rute: Rute }) {
  const { umumkan } = useAplikasi();
  const hak = useHak();
  const s = bacaSaring(rute.query);
  const kunci = kueri(s, true);
  const d = useData((signal) => api.get<DaftarDesa>(`/api/konsol/desa?${kunci}`, { signal }), [kunci]);
  const kec = useData((signal) => api.get<{ item: BarisKecamatan[] }>('/api/konsol/kecamatan', { signal }));
  const [cari, aturCari] = useState(s.q);
  const [menyegarkan, aturMenyegarkan] = useState(false);
  useEffect(() => aturCari(s.q), [s.q]);

  const ke = (ubah: Partial<Saring>) => pergi(alamat({ ...s, halaman: 1, ...ubah }));

  const segarkan = async () => {
    aturMenyegarkan(true);
    try {
      const r = await api.post<{ desa: number }>('/api/konsol/segarkan', {});
      umumkan(`Data keaktifan ${angka(r.desa ?? 0)} desa sudah dihitung ulang.`);
      d.muatUlang();
      kec.muatUlang();
    } catch (e) {
      umumkan('Gagal menghitung ulang: ' + pesanGalat(e));
    } finally {
      aturMenyegarkan(false);
    }
  };

  const daftarKec = [...(kec.data?.item ?? [])].sort((a, b) => a.nama.localeCompare(b.nama, 'id'));
  const csv = `/api/konsol/desa?${kueri(s, true, false)}&format=csv`;
  const namaUrut = KOLOM.find((k) => k.urut === s.urut)?.label ?? '';

  return (
    <>
      <JudulHalaman>Ringkasan desa</JudulHalaman>
      <p class="sub">
        Keaktifan website setiap desa. <strong>Aktif</strong>: {KETERANGAN_PITA.aktif}; <strong>kurang aktif</strong>:{' '}
        {KETERANGAN_PITA.kurang_aktif}; <strong>tidak aktif</strong>: {KETERANGAN_PITA.tidak_aktif}.
      </p>

      <form
        class="saring-konsol"
        role="search"
        aria-label="Cari dan saring desa"
        onSubmit={(e) => {
          e.preventDefault();
          ke({ q: cari.trim() });
        }}
      >
        <Isian
          id="cari-desa"
          label="Cari desa"
          type="search"
          nilai={cari}
          ubah={aturCari}
          placeholder="Nama desa, kode, atau kecamatan"
          setelah={
            <button type="submit" class="tombol tombol-utama">
              Cari
            </button>
          }
        />
        {daftarKec.length > 1 ? (
          <Pilihan
            id="saring-kecamatan"
            label="Kecamatan"
            nilai={s.kecamatan}
            ubah={(v) => ke({ kecamatan: v })}
            opsi={[{ nilai: '', label: 'Semua kecamatan' }, ...daftarKec.map((k) => ({ nilai: String(k.id), label: k.nama }))]}
          />
        ) : null}
        <Pilihan
          id="saring-pita"
          label="Keaktifan"
          nilai={s.pita}
          ubah={(v) => ke({ pita: v })}
          opsi={[{ nilai: '', label: 'Semua' }, ...PITA.map((p) => ({ nilai: p, label: LABEL_PITA[p] }))]}
        />
        <Pilihan
          id="saring-status"
          label="Status website"
          nilai={s.status}
          ubah={(v) => ke({ status: v })}
          opsi={[
            { nilai: '', label: 'Semua' },
            { nilai: 'active', label: 'Aktif' },
            { nilai: 'suspended', label: 'Ditangguhkan' },
            { nilai: 'archived', label: 'Diarsipkan' },
          ]}
        />
      </form>

      <IsiData d={d}>
        {(r) => {
          const jumlahHalaman = Math.max(1, Math.ceil(r.total / Math.max(1, r.per_halaman)));
          const dari = r.total ? (r.halaman - 1) * r.per_halaman + 1 : 0;
          const sampai = Math.min(r.total, r.halaman * r.per_halaman);
          return (
            <>
              <h2 class="sr">Jumlah desa menurut keaktifan</h2>
              <ul class="ringkasan-pita">
                {PITA.map((p) => (
                  <li key={p}>
                    <a
                      href={'#' + alamat({ ...s, halaman: 1, pita: s.pita === p ? '' : p })}
                      aria-current={s.pita === p ? 'true' : undefined}
                      class={`kartu-pita kartu-pita-${p}`}
                    >
                      <strong>{angka(r.ringkasan?.[p] ?? 0)}</strong>
                      <LencanaPita pita={p} />
                      <span class="sr">{s.pita === p ? ' (sedang disaring; pilih lagi untuk menampilkan semua)' : ' (saring)'}</span>
                    </a>
                  </li>
                ))}
              </ul>

              <div class="deret-tombol">
                <a class="tombol tombol-kedua" href={csv} download="keaktifan-desa.csv">
                  Unduh CSV
                </a>
                <a
                  class="tombol tombol-kedua"
                  href="/api/konsol/data-terbuka"
                  download
                  title={
                    hak.pemantau
                      ? 'Berkas .tar berisi CSV dan JSON data publik desa di kecamatan Anda.'
                      : 'Berkas .tar berisi CSV dan JSON data publik setiap desa.'
                  }
                >
                  Unduh data terbuka
                </a>
                {hak.tulis ? (
                  <button type="button" class="tombol tombol-kedua" disabled={menyegarkan} onClick={() => void segarkan()}>
                    {menyegarkan ? 'Menghitung…' : 'Hitung ulang keaktifan'}
                  </button>
                ) : null}
              </div>

              <p class="meta" role="status">
                {r.total ? `Menampilkan ${angka(dari)}–${angka(sampai)} dari ${angka(r.total)} desa.` : 'Tidak ada desa yang cocok.'}
                {d.memuat ? ' Memuat…' : ''}
              </p>

              {r.item.length ? (
                <GulirTabel label="Tabel keaktifan desa">
                  <table class="tabel-konsol" data-testid="tabel-desa">
                    <caption class="sr">
                      Daftar desa, diurutkan menurut {namaUrut.toLowerCase()} {s.arah === 'naik' ? 'naik' : 'turun'}. Tekan
                      judul kolom untuk mengurutkan.
                    </caption>
                    <thead>
                      <tr>
                        <KepalaUrut k={KOLOM[0]} s={s} />
                        <th scope="col">Keaktifan</th>
                        {KOLOM.slice(1).map((k) => (
                          <KepalaUrut key={k.urut} k={k} s={s} />
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {r.item.map((x) => (
                        <tr key={x.id}>
                          <th scope="row" class="sel-desa">
                            <a href={`#/desa/${x.id}`}>{labelDesa(x.jenis, x.nama)}</a>
                            <span class="meta kode-desa">{x.kode}</span>
                            <LencanaStatusDesa status={x.status} />
                          </th>
                          <td>
                            <LencanaPita pita={x.pita} />
                          </td>
                          <td>{x.kecamatan.nama}</td>
                          <td title={x.terakhir_diubah ? waktu(x.terakhir_diubah) : undefined}>
                            {jumlahHariLalu(x.hari_sejak_diubah)}
                          </td>
                          <td title={x.login_terakhir ? waktu(x.login_terakhir) : undefined}>{hariLalu(x.login_terakhir)}</td>
                          <td class="sel-angka">{angka(x.berita_30)}</td>
                          <td class="sel-angka">{angka(x.kunjungan_30)}</td>
                          <td class="sel-angka">{ukuran(x.penyimpanan)}</td>
                          <td class="sel-angka">{x.langkah_awal}/5</td>
                          <td class={'sel-angka' + (x.tiket_terbuka ? ' sel-perhatian' : '')}>{angka(x.tiket_terbuka)}</td>
                          <td class={'sel-angka' + (x.galat_30 ? ' sel-perhatian' : '')}>{angka(x.galat_30)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </GulirTabel>
              ) : (
                <p class="kosong">Tidak ada desa dengan saringan ini.</p>
              )}

              {jumlahHalaman > 1 ? (
                <nav class="halaman-nav" aria-label="Halaman daftar desa">
                  {r.halaman > 1 ? (
                    <a class="tombol tombol-kedua" href={'#' + alamat({ ...s, halaman: r.halaman - 1 })}>
                      ‹ Sebelumnya
                    </a>
                  ) : (
                    <span />
                  )}
                  <span>
                    Halaman {r.halaman} dari {jumlahHalaman}
                  </span>
                  {r.halaman < jumlahHalaman ? (
                    <a class="tombol tombol-kedua" href={'#' + alamat({ ...s, halaman: r.halaman + 1 })}>
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

/** A column heading that sorts the table (again: the other way round). */
function KepalaUrut({ k, s }: { k: { urut: Urut; label: string; angka?: boolean }; s: Saring }) {
  const aktif = s.urut === k.urut;
  const awal = NAIK_DULU.includes(k.urut) ? 'naik' : 'turun';
  const berikut = aktif ? (s.arah === 'naik' ? 'turun' : 'naik') : awal;
  return (
    <th
      scope="col"
      class={k.angka ? 'sel-angka' : undefined}
      aria-sort={aktif ? (s.arah === 'naik' ? 'ascending' : 'descending') : undefined}
    >
      <button type="button" class="tombol-urut" onClick={() => pergi(alamat({ ...s, urut: k.urut, arah: berikut, halaman: 1 }))}>
        {k.label}
        <span class="tanda-urut" aria-hidden="true">
          {aktif ? (s.arah === 'naik' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
