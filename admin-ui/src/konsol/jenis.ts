// Shapes of the console API (/api/konsol/*).
import type { Peran, Simpul } from '../jenis';

export type Pita = 'aktif' | 'kurang_aktif' | 'tidak_aktif';
export type StatusDesa = 'active' | 'suspended' | 'archived';

export interface BarisDesa {
  id: number;
  kode: string;
  nama: string;
  jenis: string;
  slug: string;
  status: StatusDesa;
  kecamatan: { id: number; nama: string };
  url: string;
  terakhir_diubah: string | null;
  login_terakhir: string | null;
  berita_30: number;
  berita_90: number;
  kunjungan_30: number;
  penyimpanan: number;
  langkah_awal: number;
  galat_30: number;
  tiket_terbuka: number;
  pita: Pita;
  hari_sejak_diubah: number | null;
}

export interface DaftarDesa {
  item: BarisDesa[];
  total: number;
  halaman: number;
  per_halaman: number;
  ringkasan: Record<Pita, number>;
}

export interface BarisKecamatan {
  peringkat: number;
  id: number;
  kode: string;
  nama: string;
  desa: number;
  aktif: number;
  kurang_aktif: number;
  tidak_aktif: number;
  persen_aktif: number;
  berita_30: number;
  rata_langkah_awal: number;
}

export interface Minggu {
  minggu_berakhir: string;
  aktif: number;
  desa: number;
}

export interface Domain {
  hostname: string;
  utama: boolean;
  dns: boolean | null;
  dns_keterangan: string;
  dns_diperiksa: string | null;
  sertifikat?: {
    status: 'berlaku' | 'segera_habis' | 'kedaluwarsa' | 'tidak_ada' | 'https_tidak_aktif';
    penerbit?: string;
    berlaku_hingga?: string;
    sisa_hari?: number;
  };
}

export interface DetailDesa {
  id: number;
  kode: string;
  nama: string;
  jenis: string;
  label: string;
  slug: string;
  status: StatusDesa;
  alasan_status: string;
  kecamatan: { id: number; nama: string; kode: string };
  url: string;
  aktivitas: {
    terakhir_diubah: string | null;
    login_terakhir: string | null;
    berita_30: number;
    berita_90: number;
    kunjungan_30: number;
    penyimpanan: number;
    langkah_awal: number;
    galat_30: number;
    pita: Pita;
  } | null;
  domain: Domain[];
  tiket: { id: number; judul: string; status: string; dibuat: string }[];
}

export interface AkunDesa {
  id: number;
  username: string;
  nama: string;
  peran: Peran;
  email: string;
  telepon: string;
  nonaktif: boolean;
  terkunci: boolean;
  totp: boolean;
  login_terakhir: string | null;
}

export interface Wilayah {
  kode: string;
  nama: string | null;
  item: { kode: string; nama: string; tingkat: string; terdaftar: boolean }[];
}

/** What a national kode wilayah file changes (POST /api/konsol/wilayah/periksa, .../terapkan). */
export interface PerubahanWilayah {
  ganti_kode: { id: number; nama: string; dari: string; ke: string }[];
  ganti_nama: { id: number; kode: string; dari: string; ke: string }[];
  baru: { kode: string; nama: string }[];
  tidak_ada: { id: number; kode: string; nama: string }[];
  /** Only in the answer of .../terapkan. */
  diterapkan?: boolean;
}

export interface DesaTindakLanjut {
  id: number;
  label: string;
  url: string;
  pita: Pita;
  /** "DD-MM-YYYY" (local date), or null when never updated. */
  terakhir_diubah: string | null;
  admin: { nama: string; username: string; telepon: string; email: string; whatsapp: string | null }[];
}

export interface TindakLanjut {
  kecamatan: { id: number; nama: string; desa: DesaTindakLanjut[] }[];
}

export interface Pengumuman {
  id: number;
  judul: string;
  isi: string;
  kecamatan: { id: number; nama: string } | null;
  oleh: string;
  dibuat: string;
  dibaca: number;
}

export type StatusTahanan = 'menunggu' | 'dilepas' | 'dihapus';

export interface Tahanan {
  id: number;
  desa: { id: number; label: string };
  objek: string;
  objek_id: number;
  judul: string;
  cuplikan: string;
  alasan: string[];
  status: StatusTahanan;
  dibuat: string;
  akun: string;
  diputus_oleh: string;
}

export interface Istilah {
  id: number;
  istilah: string;
  jenis: 'frasa' | 'domain';
  oleh: string;
}

export interface Templat {
  id: number;
  jenis: 'kategori' | 'halaman';
  slug: string;
  judul: string;
  isi: Simpul;
  revisi: number;
  oleh: string;
  diubah: string;
}

/** Answer of POST /api/konsol/desa/impor (201). */
export interface ArsipTerpasang {
  id: number;
  kode: string;
  slug: string;
  nama: string;
  tabel: number;
  baris: number;
  berkas_media: number;
  domain_dilewati: string[];
  catatan: string[];
  url: string;
}
