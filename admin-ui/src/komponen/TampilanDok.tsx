// Read-only rendering of a stored article body (for revision previews).
// Built as elements, never as an HTML string.
import type { ComponentChildren } from 'preact';
import { keTiptap, tautanSah } from '../dokumen';
import type { Simpul } from '../jenis';

function teks(s: Simpul): ComponentChildren {
  let isi: ComponentChildren = s.text ?? '';
  for (const m of s.marks ?? []) {
    if (m.type === 'bold') isi = <strong>{isi}</strong>;
    else if (m.type === 'italic') isi = <em>{isi}</em>;
    else if (m.type === 'underline') isi = <u>{isi}</u>;
    else if (m.type === 'link') {
      const href = String(m.attrs?.href ?? '');
      isi = tautanSah(href) ? (
        <a href={href} target="_blank" rel="noopener noreferrer nofollow">
          {isi}
        </a>
      ) : (
        isi
      );
    }
  }
  return isi;
}

function anak(s: Simpul): ComponentChildren {
  return (s.content ?? []).map((c, i) => <Simpul_ key={i} s={c} />);
}

function Simpul_({ s }: { s: Simpul }): ComponentChildren {
  switch (s.type) {
    case 'text':
      return teks(s);
    case 'paragraph':
      return <p>{anak(s)}</p>;
    case 'heading': {
      // Shown inside other sections: styled like subheadings, not real headings,
      // so the page outline stays in order.
      const lv = Math.min(4, Math.max(2, Number(s.attrs?.level) || 2));
      return <p class={`subjudul subjudul-${lv}`}>{anak(s)}</p>;
    }
    case 'bulletList':
      return <ul>{anak(s)}</ul>;
    case 'orderedList':
      return <ol>{anak(s)}</ol>;
    case 'listItem':
      return <li>{anak(s)}</li>;
    case 'blockquote':
      return <blockquote>{anak(s)}</blockquote>;
    case 'hardBreak':
      return <br />;
    case 'horizontalRule':
      return <hr />;
    case 'image': {
      const src = String(s.attrs?.src ?? '');
      return src.startsWith('/media/') ? <img src={src} alt={String(s.attrs?.alt ?? '')} /> : null;
    }
    case 'table':
      return (
        <div class="tableWrapper">
          <table>
            <tbody>{anak(s)}</tbody>
          </table>
        </div>
      );
    case 'tableRow':
      return <tr>{anak(s)}</tr>;
    case 'tableHeader':
      return <th>{anak(s)}</th>;
    case 'tableCell':
      return <td>{anak(s)}</td>;
    default:
      return <>{anak(s)}</>;
  }
}

export function TampilanDok({ isi }: { isi: Simpul }) {
  const dok = keTiptap(isi);
  return <div class="tampilan-dok">{anak(dok)}</div>;
}
