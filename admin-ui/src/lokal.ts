// Work that must survive a dropped connection: every news editor keeps a
// copy of its form in localStorage, and a save that failed for lack of a
// network is marked "antri" (queued) and sent again when the browser is
// back online — by the open editor, or by kirimAntrian() when it is closed.
import { ApiError, api } from './api';
import type { Berita, BodyBerita } from './jenis';

export interface SalinanLokal {
  /** What the form held (editor fields, not the request body). */
  form: FormBerita;
  /** The server versi this copy was based on (null for a new item). */
  versi: number | null;
  /** When the copy was written (ms since epoch). */
  waktu: number;
  /** Waiting to be sent to the server. */
  antri: boolean;
}

export interface FormBerita {
  judul: string;
  ringkasan: string;
  isi: BodyBerita['isi'];
  kategori_id: number | null;
  sampul: Berita['sampul'];
  sampul_alt: string;
  status: BodyBerita['status'];
  /** ISO timestamp or null. */
  terbit: string | null;
}

const AWALAN = 'balai:';

export function kunciBerita(akunId: number, id: number | 'baru'): string {
  return `${AWALAN}${akunId}:berita:${id}`;
}

/** Keys of editors that are open now: kirimAntrian() leaves those to the editor. */
export const kunciTerbuka = new Set<string>();

export function bacaSalinan(kunci: string): SalinanLokal | null {
  try {
    const t = localStorage.getItem(kunci);
    if (!t) return null;
    const s = JSON.parse(t) as SalinanLokal;
    return s && s.form && typeof s.waktu === 'number' ? s : null;
  } catch {
    return null;
  }
}

/** Returns false when the device storage is full or blocked. */
export function tulisSalinan(kunci: string, s: SalinanLokal): boolean {
  try {
    localStorage.setItem(kunci, JSON.stringify(s));
    return true;
  } catch {
    return false;
  }
}

export function hapusSalinan(kunci: string): void {
  try {
    localStorage.removeItem(kunci);
  } catch {
    /* storage blocked: nothing to remove */
  }
}

export function keBody(f: FormBerita): BodyBerita {
  return {
    judul: f.judul.trim(),
    ringkasan: f.ringkasan.trim(),
    isi: f.isi,
    kategori_id: f.kategori_id,
    sampul: f.sampul ? f.sampul.key : null,
    sampul_alt: f.sampul_alt.trim(),
    status: f.status,
    terbit: f.terbit,
  };
}

let sedangMengirim = false;

/**
 * Send every queued news save of this account whose editor is not open.
 * Stops at the first network failure (still offline).
 */
export async function kirimAntrian(akunId: number, umumkan: (pesan: string) => void): Promise<void> {
  if (sedangMengirim || !navigator.onLine) return;
  sedangMengirim = true;
  try {
    const awal = `${AWALAN}${akunId}:berita:`;
    const kunciSemua: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(awal)) kunciSemua.push(k);
    }
    for (const kunci of kunciSemua) {
      if (kunciTerbuka.has(kunci)) continue;
      const s = bacaSalinan(kunci);
      if (!s || !s.antri) continue;
      const id = kunci.slice(awal.length);
      const judul = s.form.judul.trim() || 'Berita tanpa judul';
      try {
        if (id === 'baru') {
          await api.post<Berita>('/api/berita', keBody(s.form));
        } else {
          await api.put<Berita>(`/api/berita/${encodeURIComponent(id)}`, { ...keBody(s.form), versi: s.versi });
        }
        hapusSalinan(kunci);
        umumkan(`Perubahan tertunda pada “${judul}” sudah terkirim ke server.`);
      } catch (e) {
        if (e instanceof ApiError && e.jaringan) break;
        tulisSalinan(kunci, { ...s, antri: false });
        if (e instanceof ApiError && e.status === 401) break;
        const sebab =
          e instanceof ApiError && e.status === 409
            ? 'berita itu sudah diubah orang lain'
            : e instanceof Error
              ? e.message
              : 'kesalahan tak dikenal';
        umumkan(`Perubahan tertunda pada “${judul}” belum terkirim: ${sebab}. Buka berita itu untuk melanjutkan.`);
      }
    }
  } finally {
    sedangMengirim = false;
  }
}
