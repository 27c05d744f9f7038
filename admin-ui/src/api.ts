// The one way this app talks to the server: same-origin JSON with the
// session cookie, the CSRF token on every non-GET call, and the server's
// `{ galat, kolom }` errors turned into ApiError.
import type { Media } from './jenis';

export const PESAN_JARINGAN =
  'Koneksi terputus. Periksa sambungan internet Anda, lalu coba lagi.';
export const PESAN_SIBUK =
  'Server sedang sibuk atau database tidak tersedia, coba lagi sebentar.';

export class ApiError extends Error {
  readonly status: number;
  readonly kolom: Record<string, string>;
  readonly data: Record<string, unknown>;

  constructor(pesan: string, status: number, kolom: Record<string, string> = {}, data: Record<string, unknown> = {}) {
    super(pesan);
    this.name = 'ApiError';
    this.status = status;
    this.kolom = kolom;
    this.data = data;
  }

  /** True when the request never reached the server (offline, DNS, reset). */
  get jaringan(): boolean {
    return this.status === 0;
  }
}

let csrf = '';
let saat401: (() => void) | null = null;

export function aturCsrf(token: string): void {
  csrf = token;
}

/** Called when any request answers 401: the app shows the login screen. */
export function saatSesiBerakhir(fn: () => void): void {
  saat401 = fn;
}

function pesanBawaan(status: number): string {
  if (status === 503) return PESAN_SIBUK;
  if (status === 401) return 'Sesi Anda sudah berakhir. Silakan masuk lagi.';
  if (status === 403) return 'Anda tidak punya izin untuk tindakan ini.';
  if (status === 404) return 'Data tidak ditemukan. Mungkin sudah dihapus.';
  if (status === 409) return 'Data ini sudah diubah orang lain.';
  if (status === 413) return 'Berkas terlalu besar.';
  if (status === 423) return 'Akun ini sedang dikunci. Hubungi admin desa atau Diskominfo.';
  if (status === 429) return 'Terlalu banyak percobaan. Tunggu beberapa menit, lalu coba lagi.';
  if (status >= 500) return `Terjadi gangguan di server (kode ${status}). Coba lagi sebentar.`;
  return `Permintaan tidak berhasil (kode ${status}).`;
}

function buatGalat(status: number, data: unknown): ApiError {
  const d = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  let pesan = typeof d.galat === 'string' && d.galat.trim() ? d.galat : pesanBawaan(status);
  if (status === 503) pesan = PESAN_SIBUK;
  const kolom: Record<string, string> = {};
  if (d.kolom && typeof d.kolom === 'object') {
    for (const [k, v] of Object.entries(d.kolom as Record<string, unknown>)) {
      if (typeof v === 'string') kolom[k] = v;
    }
  }
  return new ApiError(pesan, status, kolom, d);
}

function uraikan(teks: string): unknown {
  if (!teks) return null;
  try {
    return JSON.parse(teks);
  } catch {
    return null;
  }
}

export interface OpsiPanggil {
  /** Do not treat 401 as "session over" (login, recovery, the first /api/sesi). */
  tanpa401?: boolean;
  signal?: AbortSignal;
}

export async function panggil<T>(metode: string, jalur: string, body?: unknown, opsi: OpsiPanggil = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (metode !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(jalur, {
      method: metode,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opsi.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(PESAN_JARINGAN, 0);
  }
  let data: unknown = null;
  if (res.status !== 204) {
    let teks = '';
    try {
      teks = await res.text();
    } catch {
      throw new ApiError(PESAN_JARINGAN, 0);
    }
    data = uraikan(teks);
  }
  if (!res.ok) {
    if (res.status === 401 && !opsi.tanpa401) saat401?.();
    throw buatGalat(res.status, data);
  }
  return data as T;
}

export const api = {
  get: <T>(jalur: string, opsi?: OpsiPanggil) => panggil<T>('GET', jalur, undefined, opsi),
  post: <T>(jalur: string, body?: unknown, opsi?: OpsiPanggil) => panggil<T>('POST', jalur, body, opsi),
  put: <T>(jalur: string, body?: unknown, opsi?: OpsiPanggil) => panggil<T>('PUT', jalur, body, opsi),
  hapus: <T>(jalur: string, opsi?: OpsiPanggil) => panggil<T>('DELETE', jalur, undefined, opsi),
};

export const JENIS_GAMBAR = ['image/jpeg', 'image/png', 'image/webp'];
export const BATAS_GAMBAR = 15 * 1024 * 1024;

/** Why this file cannot be uploaded, or null when it can. */
export function periksaGambar(berkas: File): string | null {
  if (!JENIS_GAMBAR.includes(berkas.type)) {
    return 'Hanya foto berformat JPG, PNG, atau WebP yang bisa diunggah.';
  }
  if (berkas.size > BATAS_GAMBAR) {
    const mb = (berkas.size / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 });
    return `Ukuran foto maksimal 15 MB, sedangkan foto ini ${mb} MB.`;
  }
  return null;
}

/**
 * Send one file as the raw request body (its own Content-Type) with progress
 * reports in percent; resolves with the JSON answer.
 */
export function kirimBerkas<T>(jalur: string, berkas: Blob, jenis: string, kemajuan?: (persen: number) => void): Promise<T> {
  return new Promise((selesai, gagal) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', jalur);
    xhr.setRequestHeader('Content-Type', jenis);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && kemajuan) kemajuan(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const data = uraikan(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && data && typeof data === 'object') {
        selesai(data as T);
        return;
      }
      if (xhr.status === 401) saat401?.();
      gagal(buatGalat(xhr.status, data));
    };
    xhr.onerror = () => gagal(new ApiError(PESAN_JARINGAN, 0));
    xhr.onabort = () => gagal(new ApiError('Unggahan dibatalkan.', 0));
    xhr.send(berkas);
  });
}

/** Upload one image to /api/media with progress reports in percent. */
export function unggahGambar(berkas: File, alt: string, kemajuan?: (persen: number) => void): Promise<Media> {
  return kirimBerkas<Media>('/api/media?alt=' + encodeURIComponent(alt), berkas, berkas.type, kemajuan);
}

/** The message to show for any thrown value. */
export function pesanGalat(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return 'Terjadi kesalahan yang tidak terduga.';
}
