// Small building blocks shared by every screen.
import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { jam } from '../format';
import { useAplikasi } from '../konteks';

function keterangan(id: string, galat?: string, petunjuk?: unknown): string | undefined {
  const ids = [petunjuk ? `${id}-petunjuk` : '', galat ? `${id}-galat` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface BagianKolomProps {
  id: string;
  label: ComponentChildren;
  galat?: string;
  petunjuk?: ComponentChildren;
  wajib?: boolean;
  children: ComponentChildren;
}

function BagianKolom({ id, label, galat, petunjuk, wajib, children }: BagianKolomProps) {
  return (
    <div class={'kolom' + (galat ? ' kolom-galat' : '')}>
      {wajib ? (
        <div class="label-baris">
          <label for={id}>{label}</label> <span class="wajib">(wajib)</span>
        </div>
      ) : (
        <label for={id}>{label}</label>
      )}
      {petunjuk ? (
        <p class="petunjuk" id={`${id}-petunjuk`}>
          {petunjuk}
        </p>
      ) : null}
      {children}
      {galat ? (
        <p class="pesan-galat" id={`${id}-galat`}>
          {galat}
        </p>
      ) : null}
    </div>
  );
}

type AtributInput = Omit<InputHTMLAttributes<HTMLInputElement>, 'label' | 'value' | 'onInput' | 'id'>;

export interface IsianProps extends AtributInput {
  id: string;
  label: ComponentChildren;
  nilai: string;
  ubah: (nilai: string) => void;
  galat?: string;
  petunjuk?: ComponentChildren;
  wajib?: boolean;
  setelah?: ComponentChildren;
}

export function Isian({ id, label, nilai, ubah, galat, petunjuk, wajib, setelah, ...lain }: IsianProps) {
  const input = (
    <input
      id={id}
      name={id}
      value={nilai}
      onInput={(e) => ubah((e.currentTarget as HTMLInputElement).value)}
      aria-invalid={galat ? 'true' : undefined}
      aria-describedby={keterangan(id, galat, petunjuk)}
      required={wajib}
      {...lain}
    />
  );
  return (
    <BagianKolom id={id} label={label} galat={galat} petunjuk={petunjuk} wajib={wajib}>
      {setelah ? (
        <div class="isian-dengan-tombol">
          {input}
          {setelah}
        </div>
      ) : (
        input
      )}
    </BagianKolom>
  );
}

type AtributArea = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'label' | 'value' | 'onInput' | 'id'>;

export interface AreaProps extends AtributArea {
  id: string;
  label: ComponentChildren;
  nilai: string;
  ubah: (nilai: string) => void;
  galat?: string;
  petunjuk?: ComponentChildren;
  wajib?: boolean;
}

export function Area({ id, label, nilai, ubah, galat, petunjuk, wajib, ...lain }: AreaProps) {
  return (
    <BagianKolom id={id} label={label} galat={galat} petunjuk={petunjuk} wajib={wajib}>
      <textarea
        id={id}
        name={id}
        value={nilai}
        onInput={(e) => ubah((e.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={galat ? 'true' : undefined}
        aria-describedby={keterangan(id, galat, petunjuk)}
        required={wajib}
        rows={4}
        {...lain}
      />
    </BagianKolom>
  );
}

export interface OpsiPilihan {
  nilai: string;
  label: string;
  nonaktif?: boolean;
}

type AtributSelect = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'label' | 'value' | 'onChange' | 'id'>;

export interface PilihanProps extends AtributSelect {
  id: string;
  label: ComponentChildren;
  nilai: string;
  ubah: (nilai: string) => void;
  opsi: OpsiPilihan[];
  galat?: string;
  petunjuk?: ComponentChildren;
  wajib?: boolean;
}

export function Pilihan({ id, label, nilai, ubah, opsi, galat, petunjuk, wajib, ...lain }: PilihanProps) {
  return (
    <BagianKolom id={id} label={label} galat={galat} petunjuk={petunjuk} wajib={wajib}>
      <select
        id={id}
        name={id}
        value={nilai}
        onChange={(e) => ubah((e.currentTarget as HTMLSelectElement).value)}
        aria-invalid={galat ? 'true' : undefined}
        aria-describedby={keterangan(id, galat, petunjuk)}
        required={wajib}
        {...lain}
      >
        {opsi.map((o) => (
          <option key={o.nilai} value={o.nilai} disabled={o.nonaktif}>
            {o.label}
          </option>
        ))}
      </select>
    </BagianKolom>
  );
}

/** Error box; takes focus when it appears so screen readers announce it. */
export function KotakGalat({ pesan, children }: { pesan: string | null | undefined; children?: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (pesan) ref.current?.focus();
  }, [pesan]);
  if (!pesan) return null;
  return (
    <div class="kotak kotak-galat" role="alert" tabIndex={-1} ref={ref}>
      <p>{pesan}</p>
      {children}
    </div>
  );
}

export function KotakInfo({ children, jenis = 'info' }: { children: ComponentChildren; jenis?: 'info' | 'sukses' | 'peringatan' }) {
  return <div class={`kotak kotak-${jenis}`}>{children}</div>;
}

export function Memuat({ teks = 'Memuat…' }: { teks?: string }) {
  return (
    <p class="memuat" role="status">
      <span class="pemutar" aria-hidden="true" />
      {teks}
    </p>
  );
}

export type KeadaanSimpan =
  | { k: 'diam' }
  | { k: 'berubah' }
  | { k: 'menyimpan' }
  | { k: 'tersimpan'; waktu: Date; otomatis?: boolean }
  | { k: 'antri' }
  | { k: 'galat'; pesan: string };

export const PESAN_ANTRI =
  'Koneksi terputus — perubahan disimpan di perangkat ini dan akan dikirim saat tersambung lagi.';

/** The save status line: "Menyimpan…", "Tersimpan 10.42", or the error. */
export function BarisSimpan({ keadaan, id }: { keadaan: KeadaanSimpan; id?: string }) {
  let isi: ComponentChildren = null;
  let kelas = 'baris-simpan';
  switch (keadaan.k) {
    case 'berubah':
      isi = 'Ada perubahan yang belum disimpan ke server.';
      break;
    case 'menyimpan':
      isi = 'Menyimpan…';
      kelas += ' sedang';
      break;
    case 'tersimpan':
      isi = `${keadaan.otomatis ? 'Tersimpan otomatis' : 'Tersimpan'} ${jam(keadaan.waktu)}`;
      kelas += ' sukses';
      break;
    case 'antri':
      isi = PESAN_ANTRI;
      kelas += ' peringatan';
      break;
    case 'galat':
      isi = keadaan.pesan;
      kelas += ' galat';
      break;
  }
  return (
    <p class={kelas} role="status" aria-live="polite" id={id} data-testid="status-simpan">
      {isi}
    </p>
  );
}

export function Lencana({ jenis, children }: { jenis: string; children: ComponentChildren }) {
  return <span class={`lencana lencana-${jenis}`}>{children}</span>;
}

/** A "Salin" button that copies text and says so. */
export function TombolSalin({ teks, label = 'Salin' }: { teks: string; label?: string }) {
  const [tersalin, aturTersalin] = useState(false);
  const salin = async () => {
    let ok = false;
    try {
      await navigator.clipboard.writeText(teks);
      ok = true;
    } catch {
      // Older browsers / insecure origins: fall back to a hidden textarea.
      const t = document.createElement('textarea');
      t.value = teks;
      t.setAttribute('readonly', '');
      t.className = 'tersembunyi-salin';
      document.body.appendChild(t);
      t.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      t.remove();
    }
    aturTersalin(ok);
    if (ok) setTimeout(() => aturTersalin(false), 2500);
  };
  return (
    <button type="button" class="tombol tombol-kedua" onClick={salin}>
      {tersalin ? 'Tersalin ✓' : label}
    </button>
  );
}

export interface Data<T> {
  data: T | null;
  galat: string | null;
  memuat: boolean;
  muatUlang: () => void;
  atur: (d: T | null | ((lama: T | null) => T | null)) => void;
}

/** Load something from the API once (and again when `kunci` changes). */
export function useData<T>(ambil: (sinyal: AbortSignal) => Promise<T>, kunci: unknown[] = []): Data<T> {
  const [data, atur] = useState<T | null>(null);
  const [galat, aturGalat] = useState<string | null>(null);
  const [memuat, aturMemuat] = useState(true);
  const [putaran, aturPutaran] = useState(0);
  useEffect(() => {
    const ac = new AbortController();
    aturMemuat(true);
    aturGalat(null);
    ambil(ac.signal).then(
      (d) => {
        if (ac.signal.aborted) return;
        atur(d);
        aturMemuat(false);
      },
      (e) => {
        if (ac.signal.aborted) return;
        aturGalat(pesanGalat(e));
        aturMemuat(false);
      },
    );
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...kunci, putaran]);
  const muatUlang = useCallback(() => aturPutaran((n) => n + 1), []);
  return { data, galat, memuat, muatUlang, atur };
}

/** Loading / error / content switch for a useData result. */
export function IsiData<T>({ d, children }: { d: Data<T>; children: (data: T) => ComponentChildren }) {
  if (d.memuat && d.data === null) return <Memuat />;
  if (d.galat && d.data === null) {
    return (
      <KotakGalat pesan={d.galat}>
        <button type="button" class="tombol tombol-kedua" onClick={d.muatUlang}>
          Coba lagi
        </button>
      </KotakGalat>
    );
  }
  if (d.data === null) return null;
  return <>{children(d.data)}</>;
}

/** The page heading; focused after navigation so screen readers start there. */
export function JudulHalaman({ children }: { children: ComponentChildren }) {
  return (
    <h1 class="judul-halaman" tabIndex={-1}>
      {children}
    </h1>
  );
}

/** The sticky bar at the bottom of a form: save status line and the submit button. */
export function BilahSimpan({
  keadaan,
  mengirim,
  label = 'Simpan',
  nonaktif,
}: {
  keadaan: KeadaanSimpan;
  mengirim: boolean;
  label?: string;
  nonaktif?: boolean;
}) {
  return (
    <div class="bilah-simpan">
      <BarisSimpan keadaan={keadaan} />
      <button type="submit" class="tombol tombol-utama" disabled={mengirim || nonaktif} data-testid="tombol-simpan">
        {label}
      </button>
    </div>
  );
}

export interface Simpan {
  keadaan: KeadaanSimpan;
  /** The message for the error box above the form. */
  galat: string | null;
  /** Messages under the fields, by field name. */
  kolom: Record<string, string>;
  mengirim: boolean;
  /** The form changed after the last save. */
  berubah: () => void;
  /** A check before sending failed: show `salah` under the fields (named by `nama`). */
  tolak: (salah: Record<string, string>, nama?: (kolom: string) => string) => void;
  /**
   * Run one save: "Menyimpan…", then "Tersimpan 10.42" or the server's
   * message and its field messages. `khusus` may take over an error (e.g. a
   * version conflict) by returning true. Resolves to undefined on failure.
   */
  jalankan: <T>(kerja: () => Promise<T>, khusus?: (e: unknown) => boolean) => Promise<T | undefined>;
  aturGalat: (pesan: string | null) => void;
}

/** State and feedback of a form that is saved with one request. */
export function useSimpan(): Simpan {
  const [keadaan, aturKeadaan] = useState<KeadaanSimpan>({ k: 'diam' });
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const sedang = useRef(false);

  const berubah = useCallback(() => {
    aturKeadaan((s) => (s.k === 'diam' || s.k === 'tersimpan' ? { k: 'berubah' } : s));
  }, []);

  const tolak = (salah: Record<string, string>, nama: (k: string) => string = (k) => k) => {
    aturKolom(salah);
    aturGalat(`Belum disimpan. Periksa: ${Object.keys(salah).map(nama).join(', ')}.`);
    aturKeadaan({ k: 'galat', pesan: 'Belum disimpan: periksa isian yang ditandai.' });
  };

  const jalankan = async <T,>(kerja: () => Promise<T>, khusus?: (e: unknown) => boolean): Promise<T | undefined> => {
    if (sedang.current) return undefined;
    sedang.current = true;
    aturMengirim(true);
    aturKeadaan({ k: 'menyimpan' });
    aturGalat(null);
    aturKolom({});
    try {
      const hasil = await kerja();
      aturKeadaan({ k: 'tersimpan', waktu: new Date() });
      return hasil;
    } catch (e) {
      const pesan = 'Gagal menyimpan: ' + pesanGalat(e);
      aturKeadaan({ k: 'galat', pesan });
      if (!khusus?.(e)) {
        aturGalat(pesan);
        if (e instanceof ApiError) aturKolom(e.kolom);
      }
      return undefined;
    } finally {
      sedang.current = false;
      aturMengirim(false);
    }
  };

  return { keadaan, galat, kolom, mengirim, berubah, tolak, jalankan, aturGalat };
}

/** "Hapus" with a confirmation; tells the result in the notice area. */
export function TombolHapus({
  jalur,
  nama,
  tanya,
  saatTerhapus,
  label = 'Hapus',
}: {
  jalur: string;
  /** What is deleted, for the screen-reader name and the notice. */
  nama: string;
  tanya: string;
  saatTerhapus: () => void;
  label?: string;
}) {
  const { umumkan } = useAplikasi();
  const [sibuk, aturSibuk] = useState(false);
  const hapus = async () => {
    if (!window.confirm(tanya)) return;
    aturSibuk(true);
    try {
      await api.hapus(jalur);
      umumkan(`“${nama}” dihapus.`);
      saatTerhapus();
    } catch (e) {
      umumkan('Gagal menghapus: ' + pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };
  return (
    <button type="button" class="tombol tombol-bahaya" disabled={sibuk} onClick={() => void hapus()}>
      {sibuk ? 'Menghapus…' : label}
      <span class="sr"> {nama}</span>
    </button>
  );
}

/**
 * One entry of a menu list (`ul.daftar-menu`). The link is named by its
 * title alone; the grey line under it is its description.
 */
export function ItemMenu({
  id,
  href,
  judul,
  keterangan,
  tabBaru,
}: {
  id: string;
  href: string;
  judul: string;
  keterangan?: string;
  tabBaru?: boolean;
}) {
  return (
    <li>
      <a
        href={href}
        aria-labelledby={`menu-${id}`}
        aria-describedby={keterangan ? `menu-${id}-ket` : undefined}
        target={tabBaru ? '_blank' : undefined}
        rel={tabBaru ? 'noopener noreferrer' : undefined}
      >
        <span id={`menu-${id}`}>{judul}</span>
        {keterangan ? (
          <span class="keterangan-menu" id={`menu-${id}-ket`}>
            {keterangan}
          </span>
        ) : null}
      </a>
    </li>
  );
}

/**
 * "‹ Back" link above a page heading. Pages right under "Lainnya" have none:
 * the highlighted navigation item is the way back, and a second link named
 * "Lainnya" would only be confusing.
 */
export function TautanKembali({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <p class="kembali">
      <a href={href}>‹ {children}</a>
    </p>
  );
}
