// Toolbar of the rich-text editor (news and profile pages). Lives in the main bundle; it only calls
// methods of the lazily created editor instance.
import type { Editor } from '@tiptap/core';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { dibatalkan, periksaGambar } from '../api';
import { jalurMedia, rapikanTautan } from '../dokumen';
import { KemajuanUnggah, pesanGagalUnggah, useUnggahGambar } from './PilihGambar';

function Tombol({
  label,
  aktif,
  nonaktif,
  onClick,
  children,
  lebar,
}: {
  label: string;
  aktif?: boolean;
  nonaktif?: boolean;
  onClick: () => void;
  children: ComponentChildren;
  lebar?: boolean;
}) {
  return (
    <button
      type="button"
      class={'tombol-alat' + (lebar ? ' lebar' : '')}
      title={label}
      aria-pressed={aktif === undefined ? undefined : aktif}
      disabled={nonaktif}
      // Keep the text selection when tapping a button.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      <span aria-hidden="true">{children}</span>
      <span class="sr">{label}</span>
    </button>
  );
}

type Panel = null | 'tautan' | 'gambar';

/**
 * `idIsi`: id of the editable element the toolbar acts on. `tanpaGambar`: no
 * picture button (texts that belong to no village, e.g. regency templates).
 */
export function BilahEditor({ editor, idIsi = 'isi-berita', tanpaGambar = false }: { editor: Editor; idIsi?: string; tanpaGambar?: boolean }) {
  const [, aturPutaran] = useState(0);
  const [panel, aturPanel] = useState<Panel>(null);

  useEffect(() => {
    const segarkan = () => aturPutaran((n) => n + 1);
    editor.on('transaction', segarkan);
    return () => {
      editor.off('transaction', segarkan);
    };
  }, [editor]);

  const c = () => editor.chain().focus();
  const diTabel = editor.isActive('table');

  return (
    <div class="bilah-editor">
      <div class="deret-alat" role="toolbar" aria-label="Format tulisan" aria-controls={idIsi}>
        <Tombol label="Tebal" aktif={editor.isActive('bold')} onClick={() => c().toggleBold().run()}>
          <b>B</b>
        </Tombol>
        <Tombol label="Miring" aktif={editor.isActive('italic')} onClick={() => c().toggleItalic().run()}>
          <i>I</i>
        </Tombol>
        <Tombol label="Garis bawah" aktif={editor.isActive('underline')} onClick={() => c().toggleUnderline().run()}>
          <u>U</u>
        </Tombol>
        <Tombol
          label="Subjudul"
          aktif={editor.isActive('heading', { level: 2 })}
          onClick={() => c().toggleHeading({ level: 2 }).run()}
        >
          H2
        </Tombol>
        <Tombol
          label="Subjudul kecil"
          aktif={editor.isActive('heading', { level: 3 })}
          onClick={() => c().toggleHeading({ level: 3 }).run()}
        >
          H3
        </Tombol>
        <Tombol label="Daftar berpoin" aktif={editor.isActive('bulletList')} onClick={() => c().toggleBulletList().run()}>
          •≡
        </Tombol>
        <Tombol
          label="Daftar bernomor"
          aktif={editor.isActive('orderedList')}
          onClick={() => c().toggleOrderedList().run()}
        >
          1≡
        </Tombol>
        <Tombol label="Kutipan" aktif={editor.isActive('blockquote')} onClick={() => c().toggleBlockquote().run()}>
          ❝
        </Tombol>
        <Tombol
          label="Tautan"
          aktif={editor.isActive('link') || panel === 'tautan'}
          onClick={() => aturPanel(panel === 'tautan' ? null : 'tautan')}
          lebar
        >
          Tautan
        </Tombol>
        {!tanpaGambar ? (
          <Tombol label="Sisipkan gambar" aktif={panel === 'gambar'} onClick={() => aturPanel(panel === 'gambar' ? null : 'gambar')} lebar>
            Gambar
          </Tombol>
        ) : null}
        <Tombol
          label="Sisipkan tabel"
          nonaktif={diTabel}
          onClick={() => c().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}
          lebar
        >
          Tabel
        </Tombol>
        <Tombol label="Garis pemisah" onClick={() => c().setHorizontalRule().run()}>
          ―
        </Tombol>
        <Tombol label="Urungkan" nonaktif={!editor.can().undo()} onClick={() => c().undo().run()}>
          ↶
        </Tombol>
        <Tombol label="Ulangi" nonaktif={!editor.can().redo()} onClick={() => c().redo().run()}>
          ↷
        </Tombol>
      </div>
      {diTabel ? (
        <div class="deret-alat deret-tabel" role="toolbar" aria-label="Ubah tabel" aria-controls={idIsi}>
          <Tombol label="Tambah baris" onClick={() => c().addRowAfter().run()} lebar>
            + Baris
          </Tombol>
          <Tombol label="Tambah kolom" onClick={() => c().addColumnAfter().run()} lebar>
            + Kolom
          </Tombol>
          <Tombol label="Hapus baris" onClick={() => c().deleteRow().run()} lebar>
            − Baris
          </Tombol>
          <Tombol label="Hapus kolom" onClick={() => c().deleteColumn().run()} lebar>
            − Kolom
          </Tombol>
          <Tombol label="Hapus tabel" onClick={() => c().deleteTable().run()} lebar>
            Hapus tabel
          </Tombol>
        </div>
      ) : null}
      {panel === 'tautan' ? <PanelTautan editor={editor} tutup={() => aturPanel(null)} /> : null}
      {panel === 'gambar' ? <PanelGambar editor={editor} tutup={() => aturPanel(null)} /> : null}
    </div>
  );
}

function PanelTautan({ editor, tutup }: { editor: Editor; tutup: () => void }) {
  const awal = (editor.getAttributes('link').href as string | undefined) ?? '';
  const [alamat, aturAlamat] = useState(awal);
  const [galat, aturGalat] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const adaPilihan = !editor.state.selection.empty || editor.isActive('link');

  const pasang = (e: Event) => {
    e.preventDefault();
    const href = rapikanTautan(alamat);
    if (!href) {
      aturGalat('Alamat tidak dikenali. Contoh: https://kemendesa.go.id, wa.me/62812…, atau nomor telepon.');
      return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected: insert the address itself as linked text.
      editor
        .chain()
        .focus()
        .insertContent({ type: 'text', text: alamat.trim(), marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      chain.setLink({ href }).run();
    }
    tutup();
  };

  return (
    <form class="panel-alat" onSubmit={pasang} noValidate>
      <label for="alamat-tautan">Alamat tautan</label>
      <p class="petunjuk" id="petunjuk-tautan">
        {adaPilihan
          ? 'Tulisan yang Anda pilih akan menjadi tautan.'
          : 'Tidak ada tulisan yang dipilih: alamatnya akan disisipkan sebagai tautan.'}
      </p>
      <input
        ref={input}
        id="alamat-tautan"
        type="url"
        inputMode="url"
        autocapitalize="none"
        spellcheck={false}
        value={alamat}
        onInput={(e) => aturAlamat((e.currentTarget as HTMLInputElement).value)}
        aria-describedby={galat ? 'petunjuk-tautan galat-tautan' : 'petunjuk-tautan'}
        aria-invalid={galat ? 'true' : undefined}
      />
      {galat ? (
        <p class="pesan-galat" id="galat-tautan">
          {galat}
        </p>
      ) : null}
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama">
          Pasang tautan
        </button>
        {editor.isActive('link') ? (
          <button
            type="button"
            class="tombol tombol-kedua"
            onClick={() => {
              editor.chain().focus().extendMarkRange('link').unsetLink().run();
              tutup();
            }}
          >
            Lepas tautan
          </button>
        ) : null}
        <button type="button" class="tombol tombol-kedua" onClick={tutup}>
          Batal
        </button>
      </div>
    </form>
  );
}

function PanelGambar({ editor, tutup }: { editor: Editor; tutup: () => void }) {
  const [alt, aturAlt] = useState('');
  const u = useUnggahGambar();
  const [galat, aturGalat] = useState<string | null>(null);
  const berkasRef = useRef<HTMLInputElement>(null);

  const unggah = async (e: Event) => {
    e.preventDefault();
    const berkas = berkasRef.current?.files?.[0];
    if (!berkas) {
      aturGalat('Pilih foto dulu.');
      return;
    }
    const masalah = periksaGambar(berkas);
    if (masalah) {
      aturGalat(masalah);
      return;
    }
    if (!alt.trim()) {
      aturGalat('Tulis keterangan singkat tentang isi foto.');
      return;
    }
    aturGalat(null);
    try {
      const m = await u.mulai(berkas, alt.trim());
      editor.chain().focus().setImage({ src: jalurMedia(m.url), alt: alt.trim() }).run();
      tutup();
    } catch (err) {
      if (!dibatalkan(err)) aturGalat(pesanGagalUnggah(err));
    }
  };

  return (
    <form class="panel-alat" onSubmit={unggah} noValidate>
      <div class="kolom">
        <label for="berkas-gambar-isi">Foto (JPG, PNG, atau WebP, maksimal 20 MB)</label>
        <input id="berkas-gambar-isi" ref={berkasRef} type="file" accept="image/jpeg,image/png,image/webp" />
      </div>
      <div class="kolom">
        <label for="alt-gambar-isi">Keterangan foto</label>
        <p class="petunjuk" id="petunjuk-alt-gambar">
          Jelaskan isi foto dalam satu kalimat, untuk pembaca tunanetra. Contoh: “Warga bergotong royong membersihkan
          saluran air”.
        </p>
        <input
          id="alt-gambar-isi"
          value={alt}
          onInput={(e) => aturAlt((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="petunjuk-alt-gambar"
        />
      </div>
      <KemajuanUnggah id="gambar-isi" persen={u.keadaan?.persen ?? null} tahap={u.keadaan?.tahap} />
      {galat ? (
        <p class="pesan-galat" role="alert">
          {galat}
        </p>
      ) : null}
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama" disabled={u.keadaan !== null}>
          Unggah dan sisipkan
        </button>
        {/* Closing the panel also cancels an upload in progress. */}
        <button type="button" class="tombol tombol-kedua" onClick={tutup}>
          Batal
        </button>
      </div>
    </form>
  );
}
