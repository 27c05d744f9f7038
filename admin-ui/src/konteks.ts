import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Akun, Peran } from './jenis';

export interface Aplikasi {
  akun: Akun;
  /** Fetch /api/sesi again (after a password or 2FA change). */
  muatSesi: () => Promise<void>;
  keluar: (semua?: boolean) => Promise<void>;
  /** A short message in the bottom notice area (read by screen readers). */
  umumkan: (pesan: string) => void;
}

export const KonteksAplikasi = createContext<Aplikasi | null>(null);

export function useAplikasi(): Aplikasi {
  const a = useContext(KonteksAplikasi);
  if (!a) throw new Error('KonteksAplikasi belum dipasang');
  return a;
}

const PENERBIT: Peran[] = ['admin_desa', 'editor', 'superadmin', 'operator_diskominfo'];
const PENGELOLA: Peran[] = ['admin_desa', 'superadmin', 'operator_diskominfo'];

/** May publish, schedule and moderate (editor and up). */
export function bolehTerbit(p: Peran): boolean {
  return PENERBIT.includes(p);
}

/** May manage users and village settings (admin_desa, or Diskominfo acting for a village). */
export function bolehKelola(p: Peran): boolean {
  return PENGELOLA.includes(p);
}
