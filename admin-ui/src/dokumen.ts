// The article body: a ProseMirror-style JSON tree. The server accepts both
// snake_case and TipTap's camelCase node names and may answer with either;
// the editor needs camelCase, so everything is normalised before loading.
import type { Simpul } from './jenis';

const KE_TIPTAP: Record<string, string> = {
  bullet_list: 'bulletList',
  ordered_list: 'orderedList',
  list_item: 'listItem',
  hard_break: 'hardBreak',
  horizontal_rule: 'horizontalRule',
  table_row: 'tableRow',
  table_cell: 'tableCell',
  table_header: 'tableHeader',
};

const TANDA_SAMA: Record<string, string> = { strong: 'bold', em: 'italic' };

const SIMPUL_DIKENAL = new Set([
  'doc',
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'image',
  'table',
  'tableRow',
  'tableCell',
  'tableHeader',
  'horizontalRule',
  'hardBreak',
  'text',
]);
const TANDA_DIKENAL = new Set(['bold', 'italic', 'underline', 'link']);

export function dokKosong(): Simpul {
  return { type: 'doc', content: [{ type: 'paragraph' }] };
}

function normalSatu(s: Simpul): Simpul[] {
  if (!s || typeof s !== 'object' || typeof s.type !== 'string') return [];
  const type = KE_TIPTAP[s.type] ?? s.type;
  const anak = Array.isArray(s.content) ? s.content.flatMap(normalSatu) : undefined;
  if (!SIMPUL_DIKENAL.has(type)) {
    // Unknown wrapper: keep what is inside it rather than lose the text.
    return anak ?? [];
  }
  const hasil: Simpul = { type };
  if (s.attrs && typeof s.attrs === 'object') hasil.attrs = { ...s.attrs };
  if (type === 'heading') {
    const lv = Number(hasil.attrs?.level);
    hasil.attrs = { ...hasil.attrs, level: Math.min(4, Math.max(2, Number.isFinite(lv) ? lv : 2)) };
  }
  if (type === 'text') {
    hasil.text = typeof s.text === 'string' ? s.text : '';
    if (!hasil.text) return [];
    if (Array.isArray(s.marks)) {
      const marks = s.marks
        .map((m) => ({ ...m, type: TANDA_SAMA[m.type] ?? m.type }))
        .filter((m) => TANDA_DIKENAL.has(m.type));
      if (marks.length) hasil.marks = marks;
    }
  }
  if (anak && anak.length) hasil.content = anak;
  return [hasil];
}

/** Normalise any stored body (or garbage) into a doc the editor can load. */
export function keTiptap(isi: unknown): Simpul {
  if (!isi || typeof isi !== 'object') return dokKosong();
  const s = isi as Simpul;
  if (s.type !== 'doc') return dokKosong();
  const content = Array.isArray(s.content) ? s.content.flatMap(normalSatu) : [];
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

/** Plain text of a doc, for previews and emptiness checks. */
export function teksDok(s: Simpul | undefined): string {
  if (!s) return '';
  if (s.type === 'text') return s.text ?? '';
  const isi = (s.content ?? []).map(teksDok);
  const blok = ['paragraph', 'heading', 'listItem', 'list_item', 'blockquote', 'tableRow', 'table_row'];
  return isi.join(blok.includes(s.type) ? ' ' : '\n').trim();
}

export function dokKosongIsi(s: Simpul): boolean {
  const adaGambar = JSON.stringify(s).includes('"image"');
  return !adaGambar && teksDok(s).trim() === '';
}

/** Only these link targets are kept by the server. */
export function tautanSah(href: string): boolean {
  return /^(https?:\/\/|mailto:|tel:)/i.test(href.trim());
}

/**
 * Turn what a person typed into a link the server accepts, or null.
 * "desa.id/x" → "https://desa.id/x", "0812…" → "tel:0812…", "a@b.id" → "mailto:a@b.id".
 */
export function rapikanTautan(masukan: string): string | null {
  const t = masukan.trim();
  if (!t) return null;
  if (tautanSah(t)) return t;
  if (/^wa\.me\//i.test(t)) return 'https://' + t;
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return 'mailto:' + t;
  if (/^\+?[0-9][0-9 -]{5,}$/.test(t)) return 'tel:' + t.replace(/[ -]/g, '');
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+([/?#].*)?$/i.test(t)) return 'https://' + t;
  return null;
}

/** Media URLs are stored as site paths (/media/…), whatever host answered the upload. */
export function jalurMedia(url: string): string {
  try {
    const u = new URL(url, location.origin);
    if (u.pathname.startsWith('/media/')) return u.pathname + u.search;
  } catch {
    /* keep as is */
  }
  return url;
}

/**
 * A picture to show for a stored media key: the smallest variant, which
 * every upload has ("/media/<key>-320.webp"). A value that is already a
 * /media/ path is used as it is.
 */
export function urlMediaKunci(kunci: string): string {
  if (/^[0-9a-f]{32}$/.test(kunci)) return `/media/${kunci}-320.webp`;
  return kunci.startsWith('/media/') ? kunci : '';
}
