// Choose a photo, upload it to /api/media with a progress bar, show it.
// Also the file button and progress bar that other uploads reuse.
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  PESAN_MENCOBA_LAGI,
  dibatalkan,
  periksaGambar,
  pesanGalat,
  unggahGambar,
  type TahapUnggah,
} from '../api';
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

/** "Gagal mengunggah: …" for a failed image upload (after its automatic retries). */
export function pesanGagalUnggah(e: unknown): string {
  return (
    'Gagal mengunggah: ' +
    (e instanceof ApiError && e.jaringan
      ? 'koneksi terputus. Coba lagi saat sudah tersambung.'
      : pesanGalat(e))
  );
}

export interface KeadaanUnggah {
  tahap: TahapUnggah;
  persen: number;
}

/**
 * One image upload with its state for KemajuanUnggah; cancelled when the
 * component goes away (or by `batalkan`).
 */
export function useUnggahGambar() {
  const [keadaan, aturKeadaan] = useState<KeadaanUnggah | null>(null);
  const kendali = useRef<AbortController | null>(null);
  useEffect(() => () => kendali.current?.abort(), []);
  const mulai = async (berkas: File, alt: string): Promise<Media> => {
    kendali.current?.abort();
    const ac = new AbortController();
    kendali.current = ac;
    aturKeadaan({ tahap: 'menyiapkan', persen: 0 });
    try {
      return await unggahGambar(berkas, alt, {
        signal: ac.signal,
        tahap: (tahap) => aturKeadaan((k) => ({ tahap, persen: k?.persen ?? 0 })),
        kemajuan: (persen) => aturKeadaan({ tahap: 'mengunggah', persen }),
      });
    } finally {
      if (kendali.current === ac) {
        kendali.current = null;
        aturKeadaan(null);
      }
    }
  };
  const batalkan = () => kendali.current?.abort();
  return { keadaan, mulai, batalkan };
}

export function PilihGambar({ id, label, petunjuk, nilai, ubah, alt, altPratinjau, galat }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const u = useUnggahGambar();
  const [salah, aturSalah] = useState<string | null>(null);
  const sibuk = u.keadaan !== null;
  // After "Batalkan unggahan" (which disappears) focus goes back to the file button.
  const fokusNanti = useRef(false);
  useEffect(() => {
    if (!sibuk && fokusNanti.current) {
      fokusNanti.current = false;
      input.current?.focus();
    }
  }, [sibuk]);

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
    try {
      const m = await u.mulai(berkas, alt);
      ubah({ ...m, url: jalurMedia(m.url) });
    } catch (e) {
      if (!dibatalkan(e)) aturSalah(pesanGagalUnggah(e));
    } finally {
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
      <KemajuanUnggah id={id} persen={u.keadaan?.persen ?? null} tahap={u.keadaan?.tahap} />
      <div class="deret-tombol">
        <TombolBerkas
          id={id}
          inputRef={input}
          accept="image/jpeg,image/png,image/webp"
          keterangan={desk}
          nonaktif={sibuk}
          saatPilih={pilih}
        >
          {nilai ? 'Ganti foto' : 'Pilih foto'}
        </TombolBerkas>
        {sibuk ? (
          <button
            type="button"
            class="tombol tombol-kedua"
            onClick={() => {
              fokusNanti.current = true;
              u.batalkan();
            }}
          >
            Batalkan unggahan
          </button>
        ) : nilai ? (
          <button type="button" class="tombol tombol-kedua" onClick={() => ubah(null)}>
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

/**
 * "Mengunggah… 40%" with a progress bar while `persen` is not null; for an
 * image also "Menyiapkan foto…" and "Koneksi terputus, mencoba lagi…".
 */
export function KemajuanUnggah({ id, persen, tahap = 'mengunggah' }: { id: string; persen: number | null; tahap?: TahapUnggah }) {
  if (persen === null) return null;
  const teks =
    tahap === 'menyiapkan' ? 'Menyiapkan foto…' : tahap === 'menunggu' ? PESAN_MENCOBA_LAGI : `Mengunggah… ${persen}%`;
  return (
    <div class={'unggah-kemajuan' + (tahap === 'menunggu' ? ' unggah-menunggu' : '')}>
      <label for={`${id}-kemajuan`}>{teks}</label>
      {tahap === 'mengunggah' ? (
        <progress key="persen" id={`${id}-kemajuan`} max={100} value={persen} />
      ) : (
        <progress key="tunggu" id={`${id}-kemajuan`} />
      )}
      <p class="sr" role="status">
        {tahap === 'menunggu' ? PESAN_MENCOBA_LAGI : ''}
      </p>
    </div>
  );
}
