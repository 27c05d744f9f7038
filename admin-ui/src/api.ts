// The one way this app talks to the server: same-origin JSON with the
// session cookie, the CSRF token on every non-GET call, and the server's
// `{ galat, kolom }` errors turned into ApiError.
import { perkecilGambar } from './gambar';
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
export const BATAS_GAMBAR = 20 * 1024 * 1024;

/** Why this file cannot be uploaded, or null when it can. */
export function periksaGambar(berkas: File): string | null {
  if (!JENIS_GAMBAR.includes(berkas.type)) {
    return 'Hanya foto berformat JPG, PNG, atau WebP yang bisa diunggah.';
  }
  if (berkas.size > BATAS_GAMBAR) {
    const mb = (berkas.size / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 });
    return `Ukuran foto maksimal 20 MB, sedangkan foto ini ${mb} MB.`;
  }
  return null;
}

const batal = () => new DOMException('Unggahan dibatalkan.', 'AbortError');

/** True for the error of a request cancelled through its AbortSignal. */
export function dibatalkan(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/**
 * Send one file as the raw request body (its own Content-Type) with progress
 * reports in percent; resolves with the JSON answer. The browser going
 * offline ends the request as a network error (status 0); `signal`
 * cancels it with an AbortError.
 */
export function kirimBerkas<T>(
  jalur: string,
  berkas: Blob,
  jenis: string,
  kemajuan?: (persen: number) => void,
  signal?: AbortSignal,
): Promise<T> {
  return new Promise((selesai, gagal) => {
    if (signal?.aborted) {
      gagal(batal());
      return;
    }
    const xhr = new XMLHttpRequest();
    let luring = false;
    let dihentikan = false;
    const saatLuring = () => {
      luring = true;
      xhr.abort();
    };
    const saatBatal = () => {
      dihentikan = true;
      xhr.abort();
    };
    const beres = () => {
      window.removeEventListener('offline', saatLuring);
      signal?.removeEventListener('abort', saatBatal);
    };
    window.addEventListener('offline', saatLuring);
    signal?.addEventListener('abort', saatBatal);
    xhr.open('POST', jalur);
    xhr.setRequestHeader('Content-Type', jenis);
    xhr.setRequestHeader('Accept', 'application/json');
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && kemajuan) kemajuan(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      beres();
      const data = uraikan(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && data && typeof data === 'object') {
        selesai(data as T);
        return;
      }
      if (xhr.status === 401) saat401?.();
      gagal(buatGalat(xhr.status, data));
    };
    xhr.onerror = () => {
      beres();
      gagal(new ApiError(PESAN_JARINGAN, 0));
    };
    xhr.onabort = () => {
      beres();
      gagal(dihentikan ? batal() : new ApiError(luring ? PESAN_JARINGAN : 'Unggahan dibatalkan.', 0));
    };
    xhr.send(berkas);
  });
}

/** What an image upload is doing now. */
export type TahapUnggah = 'menyiapkan' | 'mengunggah' | 'menunggu';

export const PESAN_MENCOBA_LAGI = 'Koneksi terputus, mencoba lagi…';

export interface OpsiUnggah {
  /** Upload progress in percent (of the current try). */
  kemajuan?: (persen: number) => void;
  /** "menyiapkan" (shrinking the photo), "mengunggah", "menunggu" (connection lost, retrying soon). */
  tahap?: (t: TahapUnggah) => void;
  signal?: AbortSignal;
}

/** Tries of one image upload when the connection drops. */
const COBA_UNGGAH = 3;
/** Wait before try 2 and 3 (ms); sooner when the browser says it is online again. */
const JEDA_COBA = [2000, 6000];
/** How long to wait for the connection while the browser is offline. */
const TUNGGU_LURING = 2 * 60 * 1000;

/** Resolves after `ms` (longer while offline), or about a second after the `online` event. */
function tungguSambungan(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((selesai, gagal) => {
    let t = window.setTimeout(lanjut, navigator.onLine ? ms : TUNGGU_LURING);
    function beres() {
      window.clearTimeout(t);
      window.removeEventListener('online', saatDaring);
      signal?.removeEventListener('abort', saatBatal);
    }
    function lanjut() {
      beres();
      selesai();
    }
    function saatDaring() {
      // The network is often not usable the very moment it comes back.
      window.clearTimeout(t);
      t = window.setTimeout(lanjut, 1000);
    }
    function saatBatal() {
      beres();
      gagal(batal());
    }
    window.addEventListener('online', saatDaring);
    signal?.addEventListener('abort', saatBatal);
  });
}

/**
 * Upload one image to /api/media: shrink a big camera photo first (see
 * gambar.ts), then send it, trying again up to 3 times in all when the
 * connection drops. Server errors (413 storage full, 422 not a picture…)
 * are not retried: their ApiError carries the server's `galat`.
 */
export async function unggahGambar(berkas: File, alt: string, opsi: OpsiUnggah = {}): Promise<Media> {
  const { kemajuan, tahap, signal } = opsi;
  tahap?.('menyiapkan');
  const isi = await perkecilGambar(berkas);
  const jalur = '/api/media?alt=' + encodeURIComponent(alt);
  for (let ke = 1; ; ke++) {
    if (signal?.aborted) throw batal();
    tahap?.('mengunggah');
    kemajuan?.(0);
    try {
      return await kirimBerkas<Media>(jalur, isi, isi.type || berkas.type, kemajuan, signal);
    } catch (e) {
      if (!(e instanceof ApiError && e.jaringan) || ke >= COBA_UNGGAH) throw e;
    }
    tahap?.('menunggu');
    await tungguSambungan(JEDA_COBA[ke - 1] ?? JEDA_COBA[JEDA_COBA.length - 1], signal);
  }
}

/** The message to show for any thrown value. */
export function pesanGalat(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return 'Terjadi kesalahan yang tidak terduga.';
}
