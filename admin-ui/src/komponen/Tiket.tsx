// Pieces of a help ticket shared by the village's "Bantuan Diskominfo" and
// the Diskominfo console: status badge, the message thread, and the
// screenshot picker (uploaded through /api/media, sent as media keys).
import { useRef, useState } from 'preact/hooks';
import { dibatalkan, periksaGambar } from '../api';
import { jalurMedia } from '../dokumen';
import { LABEL_STATUS_TIKET, waktu } from '../format';
import type { Media, PesanTiket, StatusTiket } from '../jenis';
import { KemajuanUnggah, TombolBerkas, pesanGagalUnggah, useUnggahGambar } from './PilihGambar';
import { Lencana } from './ui';

export const MAKS_TANGKAPAN = 5;

export function LencanaTiket({ status }: { status: StatusTiket }) {
  return <Lencana jenis={`tiket-${status}`}>{LABEL_STATUS_TIKET[status] ?? status}</Lencana>;
}

/** The conversation, oldest first; Diskominfo's messages are marked. */
export function UtasPesan({ pesan }: { pesan: PesanTiket[] }) {
  return (
    <ol class="utas-tiket">
      {pesan.map((p, i) => (
        <li key={i} class={p.diskominfo ? 'pesan-diskominfo' : 'pesan-desa'}>
          <p class="meta">
            <strong>{p.oleh}</strong>
            {p.diskominfo ? <span class="sr"> (Diskominfo)</span> : null} · {waktu(p.waktu)}
          </p>
          <p class="isi-utas">{p.isi}</p>
          {p.gambar.length ? (
            <ul class="deret-tangkapan">
              {p.gambar.map((g, j) => (
                <li key={g.key}>
                  <a href={g.url} target="_blank" rel="noopener noreferrer">
                    <img src={g.url} alt={`Tangkapan layar ${j + 1} dari ${p.oleh}`} loading="lazy" />
                    <span class="sr"> (membuka tab baru)</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** Up to five screenshots for a ticket message. */
export function UnggahTangkapan({
  id,
  nilai,
  ubah,
  galat,
}: {
  id: string;
  nilai: Media[];
  ubah: (m: Media[]) => void;
  galat?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const u = useUnggahGambar();
  const [salah, aturSalah] = useState<string | null>(null);
  // The latest list, for an upload that finishes after another change.
  const terkini = useRef(nilai);
  terkini.current = nilai;
  const sibuk = u.keadaan !== null;
  const penuh = nilai.length >= MAKS_TANGKAPAN;

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
      const m = await u.mulai(berkas, 'Tangkapan layar');
      ubah([...terkini.current, { ...m, url: jalurMedia(m.url) }].slice(0, MAKS_TANGKAPAN));
    } catch (e) {
      if (!dibatalkan(e)) aturSalah(pesanGagalUnggah(e));
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const pesan = salah ?? galat;
  return (
    <div class={'kolom' + (pesan ? ' kolom-galat' : '')}>
      <p class="label-kelompok" id={`${id}-label`}>
        Tangkapan layar
      </p>
      <p class="petunjuk" id={`${id}-petunjuk`}>
        Boleh dikosongkan. Paling banyak {MAKS_TANGKAPAN} gambar; tangkapan layar membantu Diskominfo memahami
        masalahnya.
      </p>
      {nilai.length ? (
        <ul class="deret-tangkapan">
          {nilai.map((m, i) => (
            <li key={m.key}>
              <img src={m.url} alt={`Tangkapan layar ${i + 1}`} />
              <button
                type="button"
                class="tombol tombol-kedua"
                onClick={() => ubah(nilai.filter((x) => x.key !== m.key))}
              >
                Hapus<span class="sr"> tangkapan layar {i + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <KemajuanUnggah id={id} persen={u.keadaan?.persen ?? null} tahap={u.keadaan?.tahap} />
      {!penuh ? (
        <div class="deret-tombol">
          <TombolBerkas
            id={id}
            inputRef={input}
            accept="image/jpeg,image/png,image/webp"
            keterangan={`${id}-petunjuk` + (pesan ? ` ${id}-galat` : '')}
            nonaktif={sibuk}
            saatPilih={pilih}
          >
            {nilai.length ? 'Tambah gambar' : 'Pilih gambar'}
          </TombolBerkas>
          {sibuk ? (
            <button type="button" class="tombol tombol-kedua" onClick={() => u.batalkan()}>
              Batalkan unggahan
            </button>
          ) : null}
        </div>
      ) : null}
      {pesan ? (
        <p class="pesan-galat" id={`${id}-galat`} role="alert">
          {pesan}
        </p>
      ) : null}
    </div>
  );
}
