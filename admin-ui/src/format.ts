// Dates, labels and small text helpers, all in Bahasa Indonesia.
import type {
  KategoriDokumen,
  KategoriTiket,
  Peran,
  SlotHalaman,
  StatusAgenda,
  StatusBerita,
  StatusLayanan,
  StatusTiket,
} from './jenis';

const fmtTanggalJam = new Intl.DateTimeFormat('id-ID', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const fmtTanggal = new Intl.DateTimeFormat('id-ID', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const fmtJam = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });

function tanggalSah(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 Mar 2025 10.42" */
export function waktu(iso: string | null | undefined): string {
  const d = tanggalSah(iso);
  return d ? fmtTanggalJam.format(d) : '—';
}

/** "Rabu, 12 Maret 2025" */
export function tanggalPanjang(iso: string | null | undefined): string {
  const d = tanggalSah(iso);
  return d ? fmtTanggal.format(d) : '—';
}

/** "10.42" */
export function jam(d: Date | string): string {
  const t = typeof d === 'string' ? tanggalSah(d) : d;
  return t ? fmtJam.format(t) : '';
}

const dua = (n: number) => String(n).padStart(2, '0');

/** ISO timestamp → value of <input type="datetime-local"> in the browser's zone. */
export function keInputWaktu(iso: string | null | undefined): string {
  const d = tanggalSah(iso);
  if (!d) return '';
  return `${d.getFullYear()}-${dua(d.getMonth() + 1)}-${dua(d.getDate())}T${dua(d.getHours())}:${dua(d.getMinutes())}`;
}

/** datetime-local value → ISO 8601 with the browser's offset, e.g. 2025-03-12T10:42:00+07:00. */
export function dariInputWaktu(nilai: string): string | null {
  if (!nilai) return null;
  const d = new Date(nilai);
  if (Number.isNaN(d.getTime())) return null;
  const menit = -d.getTimezoneOffset();
  const tanda = menit >= 0 ? '+' : '-';
  const abs = Math.abs(menit);
  return (
    `${d.getFullYear()}-${dua(d.getMonth() + 1)}-${dua(d.getDate())}` +
    `T${dua(d.getHours())}:${dua(d.getMinutes())}:${dua(d.getSeconds())}` +
    `${tanda}${dua(Math.floor(abs / 60))}:${dua(abs % 60)}`
  );
}

export const LABEL_STATUS_BERITA: Record<StatusBerita, string> = {
  draft: 'Draf',
  pending: 'Menunggu persetujuan',
  scheduled: 'Terjadwal',
  published: 'Terbit',
  held: 'Ditahan',
  trash: 'Sampah',
};

export const LABEL_STATUS_AGENDA: Record<StatusAgenda, string> = {
  draft: 'Draf',
  published: 'Terbit',
};

export const LABEL_STATUS_LAYANAN: Record<StatusLayanan, string> = {
  diterima: 'Diterima',
  diproses: 'Diproses',
  selesai: 'Selesai',
  ditolak: 'Ditolak',
};

export const LABEL_JENIS_LAYANAN: Record<string, string> = {
  pengaduan: 'Pengaduan',
  ppid: 'Permohonan informasi (PPID)',
};

export const LABEL_PERAN: Record<Peran, string> = {
  admin_desa: 'Admin desa',
  editor: 'Editor',
  kontributor: 'Kontributor',
  superadmin: 'Superadmin Diskominfo',
  operator_diskominfo: 'Operator Diskominfo',
  viewer_kecamatan: 'Pemantau kecamatan',
};

export function angka(n: number): string {
  return n.toLocaleString('id-ID');
}

/** "Rp 1.250.000" */
export function rupiah(n: number): string {
  return (n < 0 ? '−Rp ' : 'Rp ') + Math.abs(n).toLocaleString('id-ID', { maximumFractionDigits: 0 });
}

/** "850 KB", "2,4 MB" */
export function ukuranBerkas(bita: number): string {
  if (!Number.isFinite(bita) || bita <= 0) return '';
  if (bita < 1024 * 1024) return `${Math.max(1, Math.round(bita / 1024))} KB`;
  return `${(bita / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}

/** The fixed profile pages, in the order they are listed. */
export const LABEL_SLOT: Record<SlotHalaman, string> = {
  sambutan: 'Sambutan kepala desa',
  sejarah: 'Sejarah desa',
  'visi-misi': 'Visi & misi',
  geografi: 'Geografi',
  struktur: 'Struktur pemerintahan',
  privasi: 'Kebijakan privasi',
};

export const LABEL_KATEGORI_DOKUMEN: Record<KategoriDokumen, string> = {
  produk_hukum: 'Produk hukum desa',
  berkala: 'Informasi berkala',
  serta_merta: 'Informasi serta merta',
  setiap_saat: 'Informasi tersedia setiap saat',
  dikecualikan: 'Informasi yang dikecualikan',
};

/** Why an (optional) email address is not acceptable, or null when it is empty or looks right. */
export function galatEmail(email: string): string | null {
  const t = email.trim();
  if (!t) return null;
  if (t.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) {
    return 'Alamat email belum benar, misalnya budi@gmail.com.';
  }
  return null;
}

export const LABEL_STATUS_TIKET: Record<StatusTiket, string> = {
  baru: 'Baru',
  diproses: 'Diproses',
  menunggu_desa: 'Menunggu jawaban desa',
  selesai: 'Selesai',
};

export const LABEL_KATEGORI_TIKET: Record<KategoriTiket, string> = {
  akun: 'Akun dan kata sandi',
  konten: 'Isi website (berita, halaman)',
  tampilan: 'Tampilan website',
  domain: 'Alamat website (domain)',
  data: 'Data desa',
  lainnya: 'Lainnya',
};

/** Age of something in hours → "5 jam", "3 hari". */
export function umurJam(jamLalu: number): string {
  if (!Number.isFinite(jamLalu) || jamLalu < 1) return 'kurang dari 1 jam';
  if (jamLalu < 24) return `${Math.floor(jamLalu)} jam`;
  return `${Math.floor(jamLalu / 24)} hari`;
}

/** "hari ini", "kemarin", "12 hari lalu", or `kosong` when there is no date. */
export function hariLalu(iso: string | null | undefined, kosong = 'belum pernah'): string {
  const d = tanggalSah(iso);
  if (!d) return kosong;
  return jumlahHariLalu(Math.floor((Date.now() - d.getTime()) / 86400000));
}

/** A number of days ago as words. */
export function jumlahHariLalu(hari: number | null | undefined, kosong = 'belum pernah'): string {
  if (hari === null || hari === undefined || !Number.isFinite(hari)) return kosong;
  if (hari <= 0) return 'hari ini';
  if (hari === 1) return 'kemarin';
  return `${angka(hari)} hari lalu`;
}
