// Shapes of the admin API's JSON, as the server sends and accepts them.

export type Peran =
  | 'admin_desa'
  | 'editor'
  | 'kontributor'
  | 'superadmin'
  | 'operator_diskominfo'
  | 'viewer_kecamatan';

export interface Desa {
  id: number;
  label: string;
  url: string;
}

export interface Akun {
  id: number;
  username: string;
  nama: string;
  peran: Peran;
  desa: Desa | null;
  harus_ganti_sandi: boolean;
  totp: boolean;
  /** Where a recovery code is sent; empty when none. */
  email?: string;
  /** Sees the Diskominfo console (regency roles, or Diskominfo acting as a village). */
  konsol?: boolean;
  /** The kecamatan a viewer_kecamatan account watches. */
  kecamatan?: { id: number; nama: string } | null;
  /** Set while a Diskominfo account acts as this village's admin ("Masuk sebagai desa"). */
  menyamar?: Menyamar | null;
  /** A Diskominfo role without two-step verification: must enrol before anything else. */
  wajib_totp?: boolean;
}

export interface Menyamar {
  /** ISO time the impersonation ends. */
  sampai: string;
  alasan: string;
  peran_asli: Peran;
}

export interface Sesi {
  akun: Akun;
  csrf: string;
}

export interface Media {
  key: string;
  url: string;
  width?: number;
  height?: number;
}

/** A ProseMirror-style JSON node (the stored article body). */
export interface Simpul {
  type: string;
  attrs?: Record<string, unknown>;
  content?: Simpul[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

export type StatusBerita = 'draft' | 'pending' | 'scheduled' | 'published' | 'held' | 'trash';

export interface BeritaRingkas {
  id: number;
  judul: string;
  status: StatusBerita;
  terbit: string | null;
  diubah: string;
  penulis: string;
  alasan?: string;
}

export interface DaftarBerita {
  item: BeritaRingkas[];
  total: number;
  halaman: number;
  per_halaman: number;
}

export interface Berita {
  id: number;
  judul: string;
  slug: string;
  ringkasan: string;
  isi: Simpul;
  status: StatusBerita;
  kategori_id: number | null;
  terbit: string | null;
  sampul: Media | null;
  sampul_alt: string;
  versi: number;
  url_publik: string | null;
  alasan?: string;
}

export interface BodyBerita {
  judul: string;
  ringkasan: string;
  isi: Simpul;
  kategori_id: number | null;
  sampul: string | null;
  sampul_alt: string;
  status: StatusBerita;
  terbit: string | null;
  versi?: number;
}

export interface Kategori {
  id: number;
  nama: string;
  slug: string;
}

export interface Revisi {
  id: number;
  dibuat: string;
  oleh: string;
}

export interface IsiRevisi {
  judul: string;
  ringkasan: string;
  isi: Simpul;
}

export interface Ringkasan {
  desa: { label: string; url: string };
  berita_terbit: number;
  draf: number;
  menunggu: number;
  layanan_baru: number;
  /** Comments waiting for moderation. */
  komentar_baru?: number;
  /** The "Langkah awal" onboarding checklist. */
  langkah_awal?: LangkahAwal[];
  terakhir_diubah: string | null;
}

export interface LangkahAwal {
  kunci: string;
  judul: string;
  selesai: boolean;
  /** Hash route of the editor, e.g. "#/profil". */
  tautan: string;
}

/** One entry of the village's audit log (GET /api/audit). */
export interface Aktivitas {
  waktu: string;
  oleh: string;
  /** The Diskominfo account that acted as the village, if any. */
  atas_nama: string | null;
  aksi: string;
  objek: string;
  objek_id: number | null;
  /** Short hashed label of the client, e.g. "perangkat 3f9a…". */
  asal: string;
}

export interface DaftarAktivitas {
  item: Aktivitas[];
  halaman: number;
  per_halaman: number;
}

export type StatusAgenda = 'draft' | 'published';

export interface Agenda {
  id: number;
  judul: string;
  mulai: string;
  selesai: string | null;
  tempat: string;
  penyelenggara: string;
  keterangan: string;
  status: StatusAgenda;
}

export interface Pengaturan {
  tagline: string;
  tema: 'balai' | 'pesisir';
  warna: string;
  hero: Media | null;
  logo: Media | null;
}

export type StatusLayanan = 'diterima' | 'diproses' | 'selesai' | 'ditolak';

export interface Layanan {
  id: number;
  jenis: 'pengaduan' | 'ppid';
  kode: string;
  nama: string;
  kontak: string;
  isi: string;
  status: StatusLayanan;
  jawaban: string;
  dibuat: string;
}

export interface Komentar {
  id: number;
  berita_judul: string;
  nama: string;
  isi: string;
  dibuat: string;
  status: 'pending' | 'approved' | 'rejected';
}

export interface Pengguna {
  id: number;
  username: string;
  nama: string;
  peran: Peran;
  nonaktif: boolean;
  terkunci: boolean;
  login_terakhir: string | null;
  /** Where a recovery code is sent; empty when none. */
  email?: string;
}

/** Field types of the server's generic village data (GET /api/data). */
export type TipeKolom =
  | 'teks'
  | 'teks_panjang'
  | 'angka'
  | 'uang'
  | 'desimal'
  | 'pilihan'
  | 'gambar'
  | 'tautan'
  | 'telepon_wa'
  | 'email';

export interface KolomData {
  nama: string;
  label: string;
  tipe: TipeKolom;
  wajib: boolean;
  maks?: number;
  pilihan?: { nilai: string | number; label: string }[];
  bantuan?: string;
}

export interface SkemaData {
  jenis: string;
  judul: string;
  keterangan: string;
  tunggal: boolean;
  kolom: KolomData[];
}

export interface ItemData {
  id: number;
  [nama: string]: unknown;
}

export type SlotHalaman = 'sambutan' | 'sejarah' | 'visi-misi' | 'geografi' | 'struktur' | 'privasi';
export type StatusHalaman = 'draft' | 'published';

export interface HalamanRingkas {
  id: number;
  slot: SlotHalaman | null;
  judul: string;
  status: StatusHalaman;
  diubah: string;
}

export interface HalamanProfil {
  id: number;
  slot: SlotHalaman | null;
  judul: string;
  slug: string;
  isi: Simpul;
  status: StatusHalaman;
  versi: number;
}

export type KategoriDokumen = 'produk_hukum' | 'berkala' | 'serta_merta' | 'setiap_saat' | 'dikecualikan';

export interface Dokumen {
  id: number;
  kategori: KategoriDokumen;
  judul: string;
  nomor: string;
  tahun: number | null;
  file_name: string;
  ukuran: number;
  url: string;
}

// ---------- Help tickets and notices (village side, shared with the console) ----------

export type KategoriTiket = 'akun' | 'konten' | 'tampilan' | 'domain' | 'data' | 'lainnya';
export type StatusTiket = 'baru' | 'diproses' | 'menunggu_desa' | 'selesai';

export interface TiketRingkas {
  id: number;
  desa: { id: number; label: string; kecamatan: string };
  kategori: KategoriTiket;
  judul: string;
  status: StatusTiket;
  dibuat: string;
  umur_jam: number;
  /** The last message is Diskominfo's. */
  dibalas_diskominfo: boolean;
}

export interface PesanTiket {
  oleh: string;
  diskominfo: boolean;
  isi: string;
  waktu: string;
  gambar: { key: string; url: string }[];
}

export interface Tiket {
  id: number;
  desa: { id: number; label: string; kecamatan: string };
  kategori: KategoriTiket;
  judul: string;
  status: StatusTiket;
  dibuat: string;
  diperbarui: string;
  pesan: PesanTiket[];
}

export interface PengumumanDesa {
  id: number;
  judul: string;
  isi: string;
  waktu: string;
  dibaca: boolean;
}

export interface CatatanDesa {
  id: number;
  jenis: 'sepi' | 'konten_ditahan' | string;
  pesan: string;
  waktu: string;
}

export interface Pemberitahuan {
  pengumuman: PengumumanDesa[];
  catatan: CatatanDesa[];
}
