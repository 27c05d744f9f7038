// The rich-text editor. This module (TipTap + ProseMirror) is loaded with a
// dynamic import() only when a news item or a profile page is opened, so it
// is its own chunk.
//
// CSP: the admin page forbids inline <style>, so TipTap's CSS injection is
// off (the needed rules are in gaya.css), and nothing here writes style
// attributes as HTML (ProseMirror sets the few it needs through CSSOM).
import { Editor, getSchema, type Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Link from '@tiptap/extension-link';
import Image from '@tiptap/extension-image';
import { Table, TableCell, TableHeader, TableRow } from '@tiptap/extension-table';
import type { Simpul } from '../jenis';
import { keTiptap, tautanSah } from '../dokumen';

export type { Editor };

function ekstensi(): Extensions {
  return [
    StarterKit.configure({
      // Only what the server stores and renders.
      code: false,
      codeBlock: false,
      strike: false,
      link: false,
      heading: { levels: [2, 3, 4] },
    }),
    Link.configure({
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: 'https',
      isAllowedUri: (url) => tautanSah(url),
      HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
    Image.extend({
      // Pasted pictures from other sites are dropped: only uploaded media are kept.
      parseHTML() {
        return [
          {
            tag: 'img[src]',
            getAttrs: (el) => ((el as HTMLElement).getAttribute('src') ?? '').startsWith('/media/') ? null : false,
          },
        ];
      },
    }).configure({ inline: false, allowBase64: false }),
    Table.configure({ resizable: false, renderWrapper: true }),
    TableRow,
    TableHeader,
    TableCell,
  ];
}

export interface OpsiEditor {
  wadah: HTMLElement;
  isi: Simpul;
  saatUbah: (doc: Simpul) => void;
  saatFokus?: (fokus: boolean) => void;
  /** id of the editable element; its label is `label-<id>`, its help `petunjuk-<id>`. */
  id?: string;
  /** false: show the body without letting it be changed. */
  bolehUbah?: boolean;
}

/**
 * Create the editor inside `wadah`. Throws (without creating anything) when
 * the stored body cannot be represented, so the caller never silently
 * replaces an article with an empty one.
 */
export function buatEditor({ wadah, isi, saatUbah, saatFokus, id = 'isi-berita', bolehUbah = true }: OpsiEditor): Editor {
  const ext = ekstensi();
  const dok = keTiptap(isi);
  const schema = getSchema(ext);
  schema.nodeFromJSON(dok).check();
  return new Editor({
    element: wadah,
    extensions: ext,
    content: dok,
    editable: bolehUbah,
    injectCSS: false,
    enableInputRules: true,
    enablePasteRules: true,
    editorProps: {
      attributes: {
        'data-testid': 'editor',
        id,
        class: 'isi-editor',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-readonly': bolehUbah ? 'false' : 'true',
        'aria-labelledby': `label-${id}`,
        'aria-describedby': `petunjuk-${id}`,
        spellcheck: 'true',
        lang: 'id',
      },
    },
    onUpdate: ({ editor }) => saatUbah(editor.getJSON() as Simpul),
    onFocus: () => saatFokus?.(true),
    onBlur: () => saatFokus?.(false),
  });
}

/**
 * Replace the whole body: restoring a revision or a local copy (`catat`: it
 * counts as a change) or showing what was reloaded from the server (not).
 */
export function gantiIsi(editor: Editor, isi: Simpul, catat = true): void {
  const dok = keTiptap(isi);
  editor.schema.nodeFromJSON(dok).check();
  editor.commands.setContent(dok, { emitUpdate: catat });
}
