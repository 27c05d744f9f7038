// Small pieces shared by the console screens.
import type { ComponentChildren } from 'preact';
import { useAplikasi } from '../konteks';
import type { Pita, StatusDesa } from './jenis';

export interface Hak {
  /** Support work: accounts, impersonation, tickets, moderation, announcements (not viewers). */
  tulis: boolean;
  /** Lifecycle, domains, templates, adding villages. */
  superadmin: boolean;
  /** viewer_kecamatan: read-only, one kecamatan. */
  pemantau: boolean;
}

export function useHak(): Hak {
  const { akun } = useAplikasi();
  return {
    tulis: akun.peran === 'superadmin' || akun.peran === 'operator_diskominfo',
    superadmin: akun.peran === 'superadmin',
    pemantau: akun.peran === 'viewer_kecamatan',
  };
}

export const LABEL_PITA: Record<Pita, string> = {
  aktif: 'Aktif',
  kurang_aktif: 'Kurang aktif',
  tidak_aktif: 'Tidak aktif',
};

export const KETERANGAN_PITA: Record<Pita, string> = {
  aktif: 'ada perubahan isi dalam 30 hari terakhir',
  kurang_aktif: 'perubahan terakhir 31–90 hari lalu',
  tidak_aktif: 'tidak ada perubahan lebih dari 90 hari, atau belum pernah',
};

const TANDA_PITA: Record<Pita, string> = { aktif: '●', kurang_aktif: '◐', tidak_aktif: '○' };

/** Activity band as a badge: colour, a shape and the word (never colour alone). */
export function LencanaPita({ pita }: { pita: Pita }) {
  return (
    <span class={`lencana lencana-pita-${pita}`}>
      <span class="tanda-pita" aria-hidden="true">
        {TANDA_PITA[pita] ?? '○'}
      </span>
      {LABEL_PITA[pita] ?? pita}
    </span>
  );
}

export const LABEL_STATUS_DESA: Record<StatusDesa, string> = {
  active: 'Aktif',
  suspended: 'Ditangguhkan',
  archived: 'Diarsipkan',
};

export function LencanaStatusDesa({ status }: { status: StatusDesa }) {
  if (status === 'active') return null;
  return <span class={`lencana lencana-desa-${status}`}>{LABEL_STATUS_DESA[status] ?? status}</span>;
}

export function labelDesa(jenis: string, nama: string): string {
  return (jenis === 'kelurahan' ? 'Kelurahan ' : 'Desa ') + nama;
}

/**
 * A wide table in its own horizontal scroller, so the page itself never
 * scrolls sideways on a phone. Focusable so it can be scrolled by keyboard.
 */
export function GulirTabel({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="gulir-tabel" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A row of filter links ("tabs") that change the address. */
export function TabSaring({
  label,
  pilihan,
  aktif,
  alamat,
}: {
  label: string;
  pilihan: { nilai: string; label: string }[];
  aktif: string;
  alamat: (nilai: string) => string;
}) {
  return (
    <nav class="tab-gulir" aria-label={label}>
      <ul>
        {pilihan.map((p) => (
          <li key={p.nilai}>
            <a href={'#' + alamat(p.nilai)} aria-current={p.nilai === aktif ? 'true' : undefined}>
              {p.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Bytes as "0", "850 KB", "2,4 MB", "1,2 GB". */
export function ukuran(bita: number): string {
  if (!Number.isFinite(bita) || bita <= 0) return '0';
  if (bita < 1024 * 1024) return `${Math.max(1, Math.round(bita / 1024))} KB`;
  if (bita < 1024 * 1024 * 1024) return `${(bita / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
  return `${(bita / 1024 / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} GB`;
}
