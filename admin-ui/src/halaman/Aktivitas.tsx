// "Catatan aktivitas": the village's audit log (GET /api/audit, admin_desa
// only), newest first, grouped by day, with "Muat lebih banyak".
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { jam, tanggalPanjang } from '../format';
import type { Aktivitas, DaftarAktivitas } from '../jenis';
import { useAplikasi } from '../konteks';
import { JudulHalaman, KotakGalat, Memuat } from '../komponen/ui';

/** Friendly descriptions of known actions. */
const AKSI: Record<string, string> = {
  'berita.buat': 'membuat berita',
  'berita.ubah': 'mengubah berita',
  'berita.buang': 'membuang berita ke sampah',
  'berita.pulihkan': 'memulihkan berita dari sampah',
  'agenda.buat': 'menambah agenda',
  'agenda.ubah': 'mengubah agenda',
  'agenda.buang': 'menghapus agenda',
  'media.unggah': 'mengunggah gambar',
  'pengaturan.ubah': 'mengubah pengaturan situs',
  'pengguna.buat': 'membuat akun',
  'pengguna.ubah': 'mengubah akun',
  'pengguna.hapus': 'menghapus akun',
  'akun.buat': 'membuat akun',
  'akun.ganti_sandi': 'mengganti kata sandi',
  'akun.buka_kunci': 'membuka kunci akun',
  'akun.aktifkan': 'mengaktifkan kembali akun',
  'akun.nonaktifkan': 'menonaktifkan akun',
  'akun.reset_2fa': 'mengatur ulang verifikasi dua langkah',
  'akun.kode_pemulihan': 'membuat kode pemulihan akun',
  'layanan.jawab': 'menanggapi pesan layanan warga',
  'komentar.approved': 'menyetujui komentar',
  'komentar.rejected': 'menolak komentar',
  'dokumen.unggah': 'mengunggah dokumen',
  'dokumen.hapus': 'menghapus dokumen',
  'halaman.buat': 'membuat halaman profil',
  'halaman.ubah': 'mengubah halaman profil',
  'halaman.hapus': 'menghapus halaman profil',
};

/** Village data kinds, for "<kind>.buat/ubah/hapus". */
const BENDA: Record<string, string> = {
  perangkat: 'perangkat desa',
  lembaga: 'lembaga desa',
  sekolah: 'data pendidikan',
  produk: 'produk atau potensi desa',
  statistik: 'data penduduk',
  apbdes: 'data APBDes',
  bumdes: 'data BUMDes',
  kontak: 'kontak desa',
  geografi: 'data geografi',
  menu: 'menu situs',
  album: 'album galeri',
  foto: 'foto galeri',
};

const KATA_KERJA: Record<string, string> = { buat: 'menambah', ubah: 'mengubah', hapus: 'menghapus' };

/** "mengubah berita"; an unknown action is shown as it is. */
function uraianAksi(aksi: string): string {
  const tetap = AKSI[aksi];
  if (tetap) return tetap;
  const titik = aksi.lastIndexOf('.');
  const benda = BENDA[aksi.slice(0, titik)];
  const kerja = KATA_KERJA[aksi.slice(titik + 1)];
  return titik > 0 && benda && kerja ? `${kerja} ${benda}` : aksi;
}

/** Objects that have their own page in this app. */
const HALAMAN_OBJEK: Record<string, { jalur: string; nama: string }> = {
  berita: { jalur: '#/berita/', nama: 'berita' },
  agenda: { jalur: '#/agenda/', nama: 'agenda' },
  layanan: { jalur: '#/layanan/', nama: 'pesan layanan' },
  halaman: { jalur: '#/profil/', nama: 'halaman' },
};

function tautanObjek(a: Aktivitas): { href: string; nama: string } | null {
  if (typeof a.objek_id !== 'number' || a.objek_id <= 0 || /\.(hapus|buang)$/.test(a.aksi)) return null;
  const h = HALAMAN_OBJEK[a.objek];
  return h ? { href: h.jalur + a.objek_id, nama: h.nama } : null;
}

function kunciEntri(a: Aktivitas): string {
  return [a.waktu, a.oleh, a.atas_nama ?? '', a.aksi, a.objek, a.objek_id ?? '', a.asal].join('|');
}

function kunciHari(d: Date): string {
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

function labelHari(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'Waktu tidak diketahui';
  const kini = new Date();
  if (kunciHari(d) === kunciHari(kini)) return 'Hari ini';
  const kemarin = new Date(kini.getFullYear(), kini.getMonth(), kini.getDate() - 1);
  if (kunciHari(d) === kunciHari(kemarin)) return 'Kemarin';
  return tanggalPanjang(iso);
}

interface Kelompok {
  label: string;
  item: { a: Aktivitas; nomor: number }[];
}

function kelompokkan(item: Aktivitas[]): Kelompok[] {
  const hasil: Kelompok[] = [];
  item.forEach((a, nomor) => {
    const label = labelHari(a.waktu);
    const akhir = hasil[hasil.length - 1];
    if (akhir && akhir.label === label) akhir.item.push({ a, nomor });
    else hasil.push({ label, item: [{ a, nomor }] });
  });
  return hasil;
}

export function CatatanAktivitas() {
  const { umumkan } = useAplikasi();
  const [item, aturItem] = useState<Aktivitas[]>([]);
  const [halaman, aturHalaman] = useState(0);
  const [habis, aturHabis] = useState(false);
  const [memuat, aturMemuat] = useState(true);
  const [galat, aturGalat] = useState<string | null>(null);
  const kendali = useRef<AbortController | null>(null);
  const daftar = useRef<HTMLDivElement>(null);
  /** Index of the first entry of the page just loaded by "Muat lebih banyak" (it gets the focus). */
  const [fokusKe, aturFokusKe] = useState<number | null>(null);

  const muat = async (n: number) => {
    kendali.current?.abort();
    const ac = new AbortController();
    kendali.current = ac;
    aturMemuat(true);
    aturGalat(null);
    try {
      const r = await api.get<DaftarAktivitas>(`/api/audit?halaman=${n}`, { signal: ac.signal });
      const baru = Array.isArray(r?.item) ? r.item : [];
      const per = typeof r?.per_halaman === 'number' && r.per_halaman > 0 ? r.per_halaman : 0;
      aturHabis(baru.length === 0 || (per > 0 && baru.length < per));
      aturHalaman(n);
      if (n === 1) {
        aturItem(baru);
      } else {
        // New entries written meanwhile shift the pages: skip what is already shown.
        // (The button is disabled while loading, so `item` is the current list.)
        const ada = new Set(item.map(kunciEntri));
        aturItem([...item, ...baru.filter((a) => !ada.has(kunciEntri(a)))]);
        aturFokusKe(item.length);
        umumkan(baru.length ? 'Catatan yang lebih lama sudah dimuat.' : 'Tidak ada catatan yang lebih lama.');
      }
    } catch (e) {
      if (ac.signal.aborted) return;
      aturGalat(
        e instanceof ApiError && e.status === 403 ? 'Catatan aktivitas hanya bisa dilihat oleh admin desa.' : pesanGalat(e),
      );
    } finally {
      if (kendali.current === ac) {
        kendali.current = null;
        aturMemuat(false);
      }
    }
  };

  useEffect(() => {
    void muat(1);
    return () => kendali.current?.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (fokusKe === null) return;
    daftar.current?.querySelector<HTMLElement>(`[data-nomor="${fokusKe}"]`)?.focus();
    aturFokusKe(null);
  }, [fokusKe, item]);

  return (
    <>
      <JudulHalaman>Catatan aktivitas</JudulHalaman>
      <p class="sub">Siapa mengubah apa di website desa, kapan, dan dari perangkat mana. Yang terbaru di atas.</p>
      {item.length === 0 ? (
        memuat ? (
          <Memuat />
        ) : galat ? (
          <KotakGalat pesan={galat}>
            <button type="button" class="tombol tombol-kedua" onClick={() => void muat(1)}>
              Coba lagi
            </button>
          </KotakGalat>
        ) : (
          <p class="kosong">Belum ada aktivitas yang tercatat.</p>
        )
      ) : (
        <>
          <div class="lembar-aktivitas" ref={daftar}>
            {kelompokkan(item).map((k) => (
              <section key={k.label + k.item[0].nomor} class="hari-aktivitas">
                <h2 class="judul-hari">{k.label}</h2>
                <ul class="daftar-aktivitas">
                  {k.item.map(({ a, nomor }) => (
                    <EntriAktivitas key={nomor} a={a} nomor={nomor} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
          {galat ? (
            <p class="pesan-galat" role="alert">
              {galat}
            </p>
          ) : null}
          {habis ? (
            <p class="kosong">Semua catatan sudah ditampilkan.</p>
          ) : (
            <button
              type="button"
              class="tombol tombol-kedua tombol-penuh"
              disabled={memuat}
              onClick={() => void muat(halaman + 1)}
            >
              {memuat ? 'Memuat…' : 'Muat lebih banyak'}
            </button>
          )}
        </>
      )}
    </>
  );
}

function EntriAktivitas({ a, nomor }: { a: Aktivitas; nomor: number }) {
  const t = tautanObjek(a);
  return (
    <li class="aktivitas" tabIndex={-1} data-nomor={nomor}>
      <p class="aktivitas-isi">
        <strong>{a.oleh || 'Seseorang'}</strong> {uraianAksi(a.aksi)}
        {t ? (
          <>
            {' · '}
            <a href={t.href}>
              Lihat {t.nama}
              <span class="sr"> nomor {a.objek_id}</span>
            </a>
          </>
        ) : null}
      </p>
      {a.atas_nama ? <p class="meta">Dilakukan Diskominfo ({a.atas_nama}) atas nama desa.</p> : null}
      <p class="meta">
        <time dateTime={a.waktu}>{jam(a.waktu)}</time>
        {a.asal ? ` · dari ${a.asal}` : ''}
      </p>
    </li>
  );
}
