// Choose a photo, upload it to /api/media with a progress bar, show it.
// Also the file button and progress bar that other uploads reuse.
import type { Ref } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError, periksaGambar, pesanGalat, unggahGambar } from '../api';
import { jalurMedia } from '../dokumen';
import type { Media } from '../jenis';

interface Props {
  id: string;
  label: string;
  petunjuk?: string;
  nilai: Media | null;
  ubah: (m: Media | null) => void;
  /** Alt text sent with the upload. */
  alt: string;
  /** Alt text of the preview image. */
  altPratinjau?: string;
  galat?: string;
}

export function PilihGambar({ id, label, petunjuk, nilai, ubah, alt, altPratinjau, galat }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [persen, aturPersen] = useState<number | null>(null);
  const [salah, aturSalah] = useState<string | null>(null);

  const pilih = async () => {
    const berkas = input.current?.files?.[0];
    if (!berkas) return;
    const masalah = periksaGambar(berkas);
    if (masalah) {
      aturSalah(masalah);
      if (input.current) input.current.value = '';
      return;
    }
    aturSalah(null);
    aturPersen(0);
    try {
      const m = await unggahGambar(berkas, alt, aturPersen);
      ubah({ ...m, url: jalurMedia(m.url) });
    } catch (e) {
      aturSalah(
        'Gagal mengunggah: ' +
          (e instanceof ApiError && e.jaringan ? 'koneksi terputus. Coba lagi saat tersambung.' : pesanGalat(e)),
      );
    } finally {
      aturPersen(null);
      if (input.current) input.current.value = '';
    }
  };

  const pesan = salah ?? galat;
  const desk = [petunjuk ? `${id}-petunjuk` : '', pesan ? `${id}-galat` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div class={'kolom pilih-gambar' + (pesan ? ' kolom-galat' : '')}>
      <p class="label-kelompok" id={`${id}-label`}>
        {label}
      </p>
      {petunjuk ? (
        <p class="petunjuk" id={`${id}-petunjuk`}>
          {petunjuk}
        </p>
      ) : null}
      {nilai ? (
        <img class="pratinjau-gambar" src={nilai.url} alt={altPratinjau ?? alt} />
      ) : (
        <p class="tanpa-gambar">Belum ada gambar.</p>
      )}
      <KemajuanUnggah id={id} persen={persen} />
      <div class="deret-tombol">
        <TombolBerkas
          id={id}
          inputRef={input}
          accept="image/jpeg,image/png,image/webp"
          keterangan={desk}
          nonaktif={persen !== null}
          saatPilih={pilih}
        >
          {nilai ? 'Ganti foto' : 'Pilih foto'}
        </TombolBerkas>
        {nilai ? (
          <button type="button" class="tombol tombol-kedua" onClick={() => ubah(null)} disabled={persen !== null}>
            Hapus gambar
          </button>
        ) : null}
      </div>
      {pesan ? (
        <p class="pesan-galat" id={`${id}-galat`} role="alert">
          {pesan}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A file input shown as a button. It is named by the button's text and the
 * element `<id>-label` (the field's visible label), which the caller renders.
 */
export function TombolBerkas({
  id,
  inputRef,
  accept,
  keterangan,
  nonaktif,
  saatPilih,
  children,
}: {
  id: string;
  inputRef: Ref<HTMLInputElement>;
  accept: string;
  /** aria-describedby of the input. */
  keterangan?: string;
  nonaktif?: boolean;
  saatPilih: () => void;
  children: string;
}) {
  return (
    <>
      <input
        ref={inputRef}
        id={id}
        type="file"
        class="input-berkas"
        accept={accept}
        aria-describedby={keterangan}
        disabled={nonaktif}
        onChange={saatPilih}
        aria-labelledby={`${id}-tombol ${id}-label`}
      />
      <label class="tombol tombol-kedua tombol-berkas" for={id} id={`${id}-tombol`}>
        {children}
      </label>
    </>
  );
}

/** "Mengunggah… 40%" with a progress bar, while `persen` is not null. */
export function KemajuanUnggah({ id, persen }: { id: string; persen: number | null }) {
  if (persen === null) return null;
  return (
    <div class="unggah-kemajuan">
      <label for={`${id}-kemajuan`}>Mengunggah… {persen}%</label>
      <progress id={`${id}-kemajuan`} max={100} value={persen} />
    </div>
  );
}
