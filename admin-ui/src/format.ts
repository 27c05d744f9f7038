// Dates, labels and small text helpers, all in Bahasa Indonesia.
import type { Peran, StatusAgenda, StatusBerita, StatusLayanan } from './jenis';

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
