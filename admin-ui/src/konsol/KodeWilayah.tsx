// "Kode wilayah": check a newer national kode wilayah file (kode,nama,tingkat)
// against the registered villages, then apply it. A changed kode keeps the
// village's id, site and content; new villages are set up; villages missing
// from the file are only reported.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { kirimBerkas, pesanGalat } from '../api';
import { angka } from '../format';
import { useAplikasi } from '../konteks';
import { JudulHalaman, KotakGalat, KotakInfo } from '../komponen/ui';
import { ukuran } from './bersama';
import type { PerubahanWilayah } from './jenis';

type Aksi = 'periksa' | 'terapkan';

/** Lists longer than this start collapsed. */
const BATAS_TERBUKA = 10;

function lengkapi(r: Partial<PerubahanWilayah> | null): PerubahanWilayah {
  return {
    ganti_kode: r?.ganti_kode ?? [],
    ganti_nama: r?.ganti_nama ?? [],
    baru: r?.baru ?? [],
    tidak_ada: r?.tidak_ada ?? [],
    diterapkan: r?.diterapkan === true,
  };
}

function ringkas(h: PerubahanWilayah): string {
  return `${angka(h.ganti_kode.length)} kode berubah, ${angka(h.ganti_nama.length)} nama berubah, ${angka(h.baru.length)} desa baru`;
}

export function KodeWilayah() {
  const { umumkan } = useAplikasi();
  const [berkas, aturBerkas] = useState<File | null>(null);
  const [kolom, aturKolom] = useState<string | undefined>(undefined);
  const [galat, aturGalat] = useState<string | null>(null);
  const [hasil, aturHasil] = useState<PerubahanWilayah | null>(null);
  const [aksi, aturAksi] = useState<{ jenis: Aksi; persen: number } | null>(null);

  const pilih = (e: Event) => {
    aturBerkas((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
    aturKolom(undefined);
    aturGalat(null);
    aturHasil(null);
  };

  const kirim = async (jenis: Aksi) => {
    if (aksi) return;
    if (!berkas || !berkas.size) {
      aturKolom(berkas ? 'Berkas ini kosong.' : 'Pilih berkas CSV kode wilayah terlebih dahulu.');
      return;
    }
    aturKolom(undefined);
    aturGalat(null);
    aturAksi({ jenis, persen: 0 });
    try {
      const r = await kirimBerkas<Partial<PerubahanWilayah>>(`/api/konsol/wilayah/${jenis}`, berkas, 'text/csv', (persen) =>
        aturAksi({ jenis, persen }),
      );
      const h = lengkapi(r);
      aturHasil(h);
      umumkan(h.diterapkan ? `Perubahan diterapkan: ${ringkas(h)}.` : `Pemeriksaan selesai: ${ringkas(h)}.`);
    } catch (err) {
      aturGalat((jenis === 'periksa' ? 'Berkas tidak bisa diperiksa: ' : 'Perubahan tidak diterapkan: ') + pesanGalat(err));
    } finally {
      aturAksi(null);
    }
  };

  const periksa = (e: Event) => {
    e.preventDefault();
    aturHasil(null);
    void kirim('periksa');
  };

  const terapkan = () => {
    if (!hasil) return;
    if (!window.confirm(`Terapkan perubahan kode wilayah? ${ringkas(hasil)}. Desa baru langsung mendapat website.`)) return;
    void kirim('terapkan');
  };

  const adaPerubahan = hasil ? hasil.ganti_kode.length + hasil.ganti_nama.length + hasil.baru.length > 0 : false;

  return (
    <>
      <JudulHalaman>Kode wilayah</JudulHalaman>
      <p class="sub">
        Terapkan daftar kode wilayah nasional yang lebih baru (pemekaran, perubahan nama, penomoran ulang). Periksa dulu
        perubahannya; tidak ada yang berubah sebelum Anda menekan "Terapkan perubahan".
      </p>

      <form class="panel" onSubmit={periksa} noValidate>
        <KotakGalat pesan={galat} />
        <div class={'kolom' + (kolom ? ' kolom-galat' : '')}>
          <label for="berkas-wilayah">Berkas kode wilayah (CSV)</label>
          <p class="petunjuk" id="berkas-wilayah-petunjuk">
            Berkas nasional kode-wilayah.csv dengan kolom kode, nama, tingkat.
          </p>
          <input
            id="berkas-wilayah"
            type="file"
            accept=".csv,text/csv"
            onChange={pilih}
            disabled={aksi !== null}
            aria-invalid={kolom ? 'true' : undefined}
            aria-describedby={'berkas-wilayah-petunjuk' + (kolom ? ' berkas-wilayah-galat' : '')}
          />
          {berkas ? (
            <p class="meta">
              {berkas.name} ({ukuran(berkas.size)})
            </p>
          ) : null}
          {kolom ? (
            <p class="pesan-galat" id="berkas-wilayah-galat">
              {kolom}
            </p>
          ) : null}
        </div>
        <button type="submit" class="tombol tombol-utama" disabled={aksi !== null}>
          {aksi?.jenis === 'periksa' ? 'Memeriksa…' : 'Periksa perubahan'}
        </button>
        {aksi ? (
          <div class="unggah-kemajuan">
            <label for="kemajuan-wilayah">
              {aksi.persen < 100
                ? `Mengunggah berkas… ${aksi.persen}%`
                : aksi.jenis === 'periksa'
                  ? 'Memeriksa perubahan…'
                  : 'Menerapkan perubahan…'}
            </label>
            <progress id="kemajuan-wilayah" max={100} value={aksi.persen} />
          </div>
        ) : null}
      </form>

      {hasil ? (
        <section aria-labelledby="judul-hasil-wilayah">
          <h2 id="judul-hasil-wilayah">{hasil.diterapkan ? 'Perubahan yang diterapkan' : 'Hasil pemeriksaan'}</h2>
          {hasil.diterapkan ? (
            <KotakInfo jenis="sukses">
              <p>Perubahan kode wilayah sudah diterapkan: {ringkas(hasil)}.</p>
            </KotakInfo>
          ) : !adaPerubahan ? (
            <KotakInfo>
              <p>Tidak ada perubahan untuk diterapkan: kode dan nama semua desa sudah sesuai dengan berkas.</p>
            </KotakInfo>
          ) : null}

          <Bagian id="wilayah-ganti-kode" judul="Kode berubah (id desa tetap, situs dan isinya tidak berubah)" jumlah={hasil.ganti_kode.length}>
            {hasil.ganti_kode.map((x) => (
              <li key={x.id}>
                <a href={`#/desa/${x.id}`}>{x.nama}</a>: {x.dari}
                <Panah />
                {x.ke}
              </li>
            ))}
          </Bagian>
          <Bagian id="wilayah-ganti-nama" judul="Nama berubah" jumlah={hasil.ganti_nama.length}>
            {hasil.ganti_nama.map((x) => (
              <li key={x.id}>
                <a href={`#/desa/${x.id}`}>{x.dari}</a>
                <Panah />
                {x.ke} <span class="meta">{x.kode}</span>
              </li>
            ))}
          </Bagian>
          <Bagian id="wilayah-baru" judul="Desa baru (pemekaran) — akan disiapkan" jumlah={hasil.baru.length}>
            {hasil.baru.map((x) => (
              <li key={x.kode}>
                {x.nama} <span class="meta">{x.kode}</span>
              </li>
            ))}
          </Bagian>
          <Bagian
            id="wilayah-tidak-ada"
            judul="Tidak ada di berkas — dibiarkan; tangguhkan atau arsipkan bila digabung"
            jumlah={hasil.tidak_ada.length}
          >
            {hasil.tidak_ada.map((x) => (
              <li key={x.id}>
                <a href={`#/desa/${x.id}`}>{x.nama}</a> <span class="meta">{x.kode}</span>
              </li>
            ))}
          </Bagian>

          {!hasil.diterapkan && adaPerubahan ? (
            <div class="deret-tombol">
              <button type="button" class="tombol tombol-utama" disabled={aksi !== null} onClick={terapkan}>
                {aksi?.jenis === 'terapkan' ? 'Menerapkan…' : 'Terapkan perubahan'}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** "→", read out as "menjadi". */
function Panah() {
  return (
    <>
      <span aria-hidden="true"> → </span>
      <span class="sr"> menjadi </span>
    </>
  );
}

/** One list of the result with its count; a long list starts collapsed. */
function Bagian({ id, judul, jumlah, children }: { id: string; judul: string; jumlah: number; children: ComponentChildren }) {
  const daftar = <ul class="daftar-hasil">{children}</ul>;
  return (
    <section class="bagian-wilayah" aria-labelledby={id}>
      <h3 id={id}>
        {judul} <span class="jumlah">({angka(jumlah)})</span>
      </h3>
      {!jumlah ? (
        <p class="kosong">Tidak ada.</p>
      ) : jumlah > BATAS_TERBUKA ? (
        <details>
          <summary>Tampilkan {angka(jumlah)} desa</summary>
          {daftar}
        </details>
      ) : (
        daftar
      )}
    </section>
  );
}
