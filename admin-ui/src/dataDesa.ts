// The village's structured data (GET /api/data): the server describes each
// kind ("jenis") and its fields; this turns items into form values, form
// values back into the request body, and values into text for the lists.
import { urlMediaKunci } from './dokumen';
import { angka, rupiah } from './format';
import type { ItemData, KolomData, Media, SkemaData } from './jenis';

/** Friendly names, used before the schema has arrived. */
export const LABEL_JENIS: Record<string, string> = {
  perangkat: 'Perangkat desa',
  lembaga: 'Lembaga desa',
  sekolah: 'Pendidikan',
  produk: 'Ekonomi & potensi',
  statistik: 'Data penduduk',
  apbdes: 'APBDes',
  kontak: 'Kontak desa',
  geografi: 'Geografi',
  menu: 'Menu situs',
  album: 'Album foto',
  foto: 'Foto',
};

/** Kinds that have their own entry in "Lainnya" instead of "Data desa". */
export const JENIS_GALERI = ['album', 'foto'];
export const JENIS_SENDIRI = [...JENIS_GALERI, 'menu'];

/** Where the list of a kind goes back to. */
export function indukJenis(jenis: string): { href: string; label: string } {
  if (JENIS_GALERI.includes(jenis)) return { href: '#/galeri', label: 'Galeri' };
  if (jenis === 'menu') return { href: '#/lainnya', label: 'Lainnya' };
  return { href: '#/data', label: 'Data desa' };
}

/** A form value: text as typed, or the chosen picture. */
export type NilaiIsian = string | Media | null;
export type IsiForm = Record<string, NilaiIsian>;

const TEKS: KolomData['tipe'][] = ['teks', 'teks_panjang', 'tautan', 'telepon_wa', 'email'];

export function formKosong(skema: SkemaData): IsiForm {
  const f: IsiForm = {};
  for (const k of skema.kolom) f[k.nama] = k.tipe === 'gambar' ? null : '';
  return f;
}

/** A picture field of an item: its media key, shown by its `<nama>_url` if the server sent one. */
export function mediaDari(item: ItemData, nama: string): Media | null {
  const v = item[nama];
  if (typeof v !== 'string' || !v) return null;
  const url = item[`${nama}_url`];
  return { key: v, url: typeof url === 'string' && url ? url : urlMediaKunci(v) };
}

export function dariItem(skema: SkemaData, item: ItemData): IsiForm {
  const f: IsiForm = {};
  for (const k of skema.kolom) {
    const v = item[k.nama];
    if (k.tipe === 'gambar') {
      f[k.nama] = mediaDari(item, k.nama);
    } else {
      f[k.nama] = v === null || v === undefined ? '' : String(v);
    }
  }
  return f;
}

/** "1.250.000", "Rp 1.250.000" → "1250000"; keeps a leading minus. */
function hanyaBulat(t: string): string {
  return t.replace(/^\s*rp\.?/i, '').replace(/[\s.]/g, '').replace(/^[−–]/, '-');
}

/** "12,5" or "12.5" → "12.5"; "1.234,5" → "1234.5". */
function keDesimal(t: string): string {
  let s = t.replace(/\s/g, '').replace(/^[−–]/, '-');
  if (s.includes(',') && s.includes('.')) s = s.replace(/\./g, '');
  return s.replace(',', '.');
}

/** 0812-3456-7890 → 6281234567890. */
export function rapikanWa(t: string): string {
  const d = t.replace(/[\s\-+().]/g, '');
  return d.startsWith('0') ? '62' + d.slice(1) : d;
}

/** www.desa.id/x → https://www.desa.id/x; a site path or full address stays. */
function rapikanTautanSitus(t: string): string {
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+([/?#].*)?$/i.test(t)) return 'https://' + t;
  return t;
}

/** The rupiah hint next to a money field ("Rp 1.250.000"), or ''. */
export function petunjukRupiah(t: string): string {
  const b = hanyaBulat(t);
  return /^-?\d{1,15}$/.test(b) ? rupiah(Number(b)) : '';
}

export interface HasilPeriksa {
  body: Record<string, unknown>;
  /** Messages by field name; empty when the body may be sent. */
  salah: Record<string, string>;
  /** The form with tidied values (WhatsApp numbers, links), to show what was sent. */
  rapi: IsiForm;
}

/** Check the form and build the request body. */
export function periksaData(skema: SkemaData, f: IsiForm): HasilPeriksa {
  const body: Record<string, unknown> = {};
  const salah: Record<string, string> = {};
  const rapi: IsiForm = { ...f };
  for (const k of skema.kolom) {
    const v = f[k.nama];
    if (k.tipe === 'gambar') {
      const m = v && typeof v === 'object' ? v : null;
      if (!m && k.wajib) salah[k.nama] = `Pilih ${k.label.toLowerCase()}.`;
      body[k.nama] = m ? m.key : null;
      continue;
    }
    let t = typeof v === 'string' ? v.trim() : '';
    if (!t) {
      if (k.wajib) salah[k.nama] = k.tipe === 'pilihan' ? `Pilih ${k.label.toLowerCase()}.` : `${k.label} wajib diisi.`;
      body[k.nama] = TEKS.includes(k.tipe) ? '' : null;
      continue;
    }
    switch (k.tipe) {
      case 'angka':
      case 'uang': {
        const b = hanyaBulat(t);
        if (!/^-?\d{1,15}$/.test(b)) {
          salah[k.nama] =
            k.tipe === 'uang' ? 'Tulis jumlah rupiah dengan angka saja, misalnya 1250000.' : 'Tulis bilangan bulat, misalnya 25.';
        }
        body[k.nama] = Number(b);
        break;
      }
      case 'desimal': {
        const d = keDesimal(t);
        if (!/^-?\d+(\.\d+)?$/.test(d)) salah[k.nama] = 'Tulis angka, misalnya 12,5 atau -7,0512.';
        body[k.nama] = Number(d);
        break;
      }
      case 'pilihan': {
        const o = (k.pilihan ?? []).find((p) => String(p.nilai) === t);
        if (!o) salah[k.nama] = `Pilih ${k.label.toLowerCase()} dari daftar.`;
        body[k.nama] = o ? o.nilai : null;
        break;
      }
      case 'telepon_wa':
        t = rapikanWa(t);
        if (!/^62\d{7,14}$/.test(t)) salah[k.nama] = 'Tulis nomor WhatsApp dengan angka saja, diawali 62, misalnya 6281234567890.';
        break;
      case 'email':
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) salah[k.nama] = 'Alamat email belum benar, misalnya kantor@desa.id.';
        break;
      case 'tautan':
        t = rapikanTautanSitus(t);
        if (!/^(\/[^\s]*|https?:\/\/[^\s]+)$/i.test(t)) {
          salah[k.nama] = 'Tulis alamat halaman yang diawali / (misalnya /profil/sejarah) atau alamat lengkap yang diawali https://.';
        }
        break;
    }
    if (TEKS.includes(k.tipe)) {
      if (k.maks && t.length > k.maks) salah[k.nama] = `Paling banyak ${k.maks} huruf.`;
      body[k.nama] = t;
      rapi[k.nama] = t;
    }
  }
  return { body, salah, rapi };
}

/** A value as text for lists ("Rp 1.250.000", the choice's label, "—"). */
export function teksNilai(k: KolomData, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (k.tipe === 'pilihan') return (k.pilihan ?? []).find((p) => String(p.nilai) === String(v))?.label ?? String(v);
  if (typeof v === 'number') {
    if (k.tipe === 'uang') return rupiah(v);
    if (k.tipe === 'angka') return angka(v);
    if (k.tipe === 'desimal') return v.toLocaleString('id-ID', { maximumFractionDigits: 6 });
  }
  return String(v);
}

/** Fields shown in a list: the first three, leaving out long text, order numbers and `kecuali`. */
export function kolomDaftar(skema: SkemaData, kecuali: string[] = []): KolomData[] {
  return skema.kolom.filter((k) => k.tipe !== 'teks_panjang' && k.nama !== 'urutan' && !kecuali.includes(k.nama)).slice(0, 3);
}

/** A short name for one item (confirmations, screen-reader names). */
export function namaItem(skema: SkemaData, item: ItemData): string {
  const g = kolomKelompok(skema);
  const kecuali = g ? [g.tahun.nama, g.jenis?.nama ?? ''] : [];
  const k = kolomDaftar(skema, kecuali).find((c) => c.tipe !== 'gambar' && item[c.nama] !== null && item[c.nama] !== '');
  const dasar = k ? teksNilai(k, item[k.nama]) : `Data nomor ${item.id}`;
  if (!g) return dasar;
  // "0-14 (Umur 2024)": the same label is used in every year and kind.
  const konteks = [g.jenis ? teksNilai(g.jenis, item[g.jenis.nama]) : '', String(item[g.tahun.nama] ?? '')]
    .filter((t) => t && t !== '—')
    .join(' ');
  return konteks ? `${dasar} (${konteks})` : dasar;
}

/** Long lists (statistik, APBDes) are grouped by year, then by their kind. */
export function kolomKelompok(skema: SkemaData): { tahun: KolomData; jenis: KolomData | null } | null {
  const tahun = skema.kolom.find((k) => k.nama === 'tahun');
  if (!tahun) return null;
  const jenis = skema.kolom.find((k) => k.nama === 'kategori' || k.nama === 'jenis') ?? null;
  return { tahun, jenis };
}
