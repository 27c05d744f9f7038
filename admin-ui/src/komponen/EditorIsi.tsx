// The rich-text field shared by the news editor and the profile-page editor:
// label, help, toolbar, and the TipTap editor, which is a separate chunk
// loaded with import() the first time one of these forms opens.
import type { Editor } from '@tiptap/core';
import type { ComponentChildren } from 'preact';
import type { MutableRef } from 'preact/hooks';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Simpul } from '../jenis';
import { BilahEditor } from './BilahEditor';
import { TampilanDok } from './TampilanDok';
import { KotakGalat, Memuat } from './ui';

type ModulEditor = typeof import('../editor/tiptap');
let modulEditor: Promise<ModulEditor> | null = null;
function muatModulEditor(): Promise<ModulEditor> {
  modulEditor ??= import('../editor/tiptap').catch((e) => {
    modulEditor = null;
    throw e;
  });
  return modulEditor;
}

/** What a form may do with the editor once it exists. */
export interface KendaliEditor {
  /**
   * Replace the whole body. `catat`: report it through `ubah` (restoring a
   * copy or a revision) or not (reloaded from the server). False when the
   * body cannot be opened in the editor.
   */
  ganti: (isi: Simpul, catat: boolean) => boolean;
}

interface Props {
  /** id of the editable element (also `label-<id>`, `petunjuk-<id>`). */
  id: string;
  label: string;
  petunjuk: ComponentChildren;
  /** The body the editor starts with (read once, when it is created). */
  isiAwal: Simpul;
  ubah: (doc: Simpul) => void;
  galat?: string;
  /** Show the body without letting it be changed. */
  hanyaBaca?: boolean;
  /** Shown when the stored body cannot be opened in the editor. */
  pesanTerkunci: string;
  /** The stored body cannot be opened: the form must keep it unchanged on save. */
  saatTerkunci?: () => void;
  kendali?: MutableRef<KendaliEditor | null>;
  /** No picture button in the toolbar. */
  tanpaGambar?: boolean;
}

export function EditorIsi(props: Props) {
  const { id, label, petunjuk, galat, hanyaBaca, tanpaGambar } = props;
  const [editor, aturEditor] = useState<Editor | null>(null);
  const [galatEditor, aturGalatEditor] = useState<string | null>(null);
  const [terkunci, aturTerkunci] = useState<Simpul | null>(null);
  const [coba, aturCoba] = useState(0);
  const wadah = useRef<HTMLDivElement>(null);
  // The editor's callbacks must always reach the latest props.
  const p = useRef(props);
  p.current = props;

  useEffect(() => {
    let batal = false;
    let ed: Editor | null = null;
    aturGalatEditor(null);
    muatModulEditor().then(
      (m) => {
        if (batal || !wadah.current) return;
        const awal = p.current.isiAwal;
        try {
          ed = m.buatEditor({
            wadah: wadah.current,
            isi: awal,
            id,
            bolehUbah: !p.current.hanyaBaca,
            saatUbah: (doc) => p.current.ubah(doc),
          });
        } catch {
          aturTerkunci(awal);
          aturGalatEditor(p.current.pesanTerkunci);
          p.current.saatTerkunci?.();
          return;
        }
        const dibuat = ed;
        if (p.current.kendali) {
          p.current.kendali.current = {
            ganti: (isi, catat) => {
              try {
                m.gantiIsi(dibuat, isi, catat);
                return true;
              } catch {
                return false;
              }
            },
          };
        }
        aturEditor(dibuat);
      },
      () => {
        if (!batal) aturGalatEditor('Editor gagal dimuat. Periksa koneksi internet Anda, lalu coba lagi.');
      },
    );
    return () => {
      batal = true;
      ed?.destroy();
      if (p.current.kendali) p.current.kendali.current = null;
      aturEditor(null);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coba]);

  useEffect(() => {
    if (editor && editor.isEditable === Boolean(hanyaBaca)) editor.setEditable(!hanyaBaca, false);
  }, [editor, hanyaBaca]);

  return (
    <div class={'kolom kolom-editor' + (galat ? ' kolom-galat' : '')}>
      <span class="label" id={`label-${id}`} onClick={() => editor?.commands.focus()}>
        {label}
      </span>
      <p class="petunjuk" id={`petunjuk-${id}`}>
        {petunjuk}
      </p>
      {editor && !hanyaBaca ? <BilahEditor editor={editor} idIsi={id} tanpaGambar={tanpaGambar} /> : null}
      {!editor && !galatEditor ? <Memuat teks="Memuat editor…" /> : null}
      {galatEditor ? (
        <KotakGalat pesan={galatEditor}>
          {!terkunci ? (
            <button type="button" class="tombol tombol-kedua" onClick={() => aturCoba((n) => n + 1)}>
              Coba lagi
            </button>
          ) : null}
        </KotakGalat>
      ) : null}
      {terkunci ? <TampilanDok isi={terkunci} /> : null}
      <div class="wadah-editor" ref={wadah} />
      {galat ? <p class="pesan-galat">{galat}</p> : null}
    </div>
  );
}
