// "Dokumen": village regulations and public information (the UU KIP
// categories) as files citizens can download from the website.
import { useRef, useState } from 'preact/hooks';
import { api, kirimBerkas } from '../api';
import { LABEL_KATEGORI_DOKUMEN, ukuranBerkas } from '../format';
import type { Dokumen, KategoriDokumen } from '../jenis';
import { bolehTerbit, useAplikasi } from '../konteks';
import { KemajuanUnggah, TombolBerkas } from '../komponen/PilihGambar';
import {
  BilahSimpan,
  IsiData,
  Isian,
  JudulHalaman,
  KotakGalat,
  KotakInfo,
  Pilihan,
  TombolHapus,
  useData,
  useSimpan,
} from '../komponen/ui';

const KATEGORI = Object.keys(LABEL_KATEGORI_DOKUMEN) as KategoriDokumen[];

/** Accepted files by extension (some phones send no type for Word and Excel files). */
const JENIS_BERKAS: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const TERIMA = [...Object.keys(JENIS_BERKAS).map((e) => '.' + e), ...new Set(Object.values(JENIS_BERKAS))].join(',');
const BATAS = 10 * 1024 * 1024;

function ekstensi(nama: string): string {
  const i = nama.lastIndexOf('.');
  return i > 0 ? nama.slice(i + 1).toLowerCase() : '';
}

/** The Content-Type to send, or null when the file is not accepted. */
function jenisBerkas(b: File): string | null {
  if (Object.values(JENIS_BERKAS).includes(b.type)) return b.type;
  return JENIS_BERKAS[ekstensi(b.name)] ?? null;
}

function periksaBerkas(b: File): string | null {
  if (!jenisBerkas(b)) return 'Hanya berkas PDF, JPG, PNG, Word (.docx), atau Excel (.xlsx) yang bisa diunggah.';
  if (b.size > BATAS) return `Ukuran berkas maksimal 10 MB, sedangkan berkas ini ${ukuranBerkas(b.size)}.`;
  return null;
}

/** "Perdes No 3 (final).pdf" → "Perdes-No-3-final.pdf": letters, digits, dot, dash and underscore only. */
function namaBerkasAman(nama: string): string {
  const ext = ekstensi(nama).replace(/[^a-z0-9]/g, '');
  const akhir = ext ? '.' + ext : '';
  const dasar =
    (ext ? nama.slice(0, nama.lastIndexOf('.')) : nama)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || 'dokumen';
  return dasar.slice(0, 120 - akhir.length) + akhir;
}

/** A title suggested from the file name: "perdes_apbdes-2025.pdf" → "perdes apbdes 2025". */
function judulDariBerkas(nama: string): string {
  const i = nama.lastIndexOf('.');
  return (i > 0 ? nama.slice(0, i) : nama).replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function DokumenHalaman() {
  const d = useData((signal) =>
    api.get<Dokumen[]>('/api/dokumen', { signal }).then((l) => (Array.isArray(l) ? l : [])),
  );
  const [buka, aturBuka] = useState(false);
  // Contributors may look but not upload or delete (the server answers 403).
  const boleh = bolehTerbit(useAplikasi().akun.peran);
  return (
    <>
      <JudulHalaman>Dokumen</JudulHalaman>
      <p class="sub">Peraturan desa dan informasi publik yang bisa diunduh warga dari website.</p>
      {!boleh ? (
        <KotakInfo>
          <p>Dokumen hanya bisa diunggah atau dihapus oleh editor atau admin desa.</p>
        </KotakInfo>
      ) : buka ? (
        <FormUnggah
          tutup={() => aturBuka(false)}
          selesai={(dok) => d.atur((l) => [dok, ...(l ?? [])])}
        />
      ) : (
        <div class="aksi-besar">
          <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => aturBuka(true)}>
            Unggah dokumen
          </button>
        </div>
      )}
      <IsiData d={d}>
        {(semua) =>
          KATEGORI.map((k) => {
            const l = semua.filter((x) => x.kategori === k);
            return (
              <section key={k} aria-labelledby={`kategori-${k}`}>
                <h2 id={`kategori-${k}`}>
                  {LABEL_KATEGORI_DOKUMEN[k]} <span class="jumlah">({l.length})</span>
                </h2>
                {l.length ? (
                  <ul class="daftar-kartu">
                    {l.map((x) => (
                      <KartuDokumen
                        key={x.id}
                        dok={x}
                        hapus={boleh ? () => d.atur((s) => s && s.filter((y) => y.id !== x.id)) : null}
                      />
                    ))}
                  </ul>
                ) : (
                  <p class="kosong">Belum ada dokumen.</p>
                )}
              </section>
            );
          })
        }
      </IsiData>
    </>
  );
}

/** `hapus` null: no delete button. */
function KartuDokumen({ dok, hapus }: { dok: Dokumen; hapus: (() => void) | null }) {
  const rincian = [dok.nomor ? `Nomor ${dok.nomor}` : '', dok.tahun ? `Tahun ${dok.tahun}` : ''].filter(Boolean).join(' · ');
  const berkas = [dok.file_name, ukuranBerkas(dok.ukuran)].filter(Boolean).join(' · ');
  return (
    <li class="kartu">
      <h3 class="judul-kartu">{dok.judul}</h3>
      {rincian ? <p class="meta">{rincian}</p> : null}
      <p class="meta">{berkas}</p>
      <div class="deret-tombol">
        <a class="tombol tombol-kedua" href={dok.url} target="_blank" rel="noopener noreferrer">
          Buka<span class="sr"> {dok.judul} (membuka tab baru)</span>
        </a>
        {hapus ? (
          <TombolHapus
            jalur={`/api/dokumen/${dok.id}`}
            nama={dok.judul}
            tanya={`Hapus dokumen “${dok.judul}”? Warga tidak bisa mengunduhnya lagi, dan tindakan ini tidak bisa dibatalkan.`}
            saatTerhapus={hapus}
          />
        ) : null}
      </div>
    </li>
  );
}

function FormUnggah({ tutup, selesai }: { tutup: () => void; selesai: (d: Dokumen) => void }) {
  const { umumkan } = useAplikasi();
  const input = useRef<HTMLInputElement>(null);
  const [berkas, aturBerkas] = useState<File | null>(null);
  const [galatBerkas, aturGalatBerkas] = useState<string | null>(null);
  const [kategori, aturKategori] = useState('');
  const [judul, aturJudul] = useState('');
  const [nomor, aturNomor] = useState('');
  const [tahun, aturTahun] = useState(String(new Date().getFullYear()));
  const [persen, aturPersen] = useState<number | null>(null);
  const s = useSimpan();

  const pilih = () => {
    const b = input.current?.files?.[0] ?? null;
    if (!b) return;
    const masalah = periksaBerkas(b);
    aturGalatBerkas(masalah);
    aturBerkas(masalah ? null : b);
    if (masalah && input.current) input.current.value = '';
    if (!masalah && !judul.trim()) aturJudul(judulDariBerkas(b.name));
    s.berubah();
  };

  const ubah = (atur: (v: string) => void) => (v: string) => {
    atur(v);
    s.berubah();
  };

  const kirim = async (e: Event) => {
    e.preventDefault();
    const salah: Record<string, string> = {};
    if (!berkas) salah.berkas = galatBerkas ?? 'Pilih berkas yang akan diunggah.';
    if (!kategori) salah.kategori = 'Pilih kategori dokumen.';
    if (!judul.trim()) salah.judul = 'Judul wajib diisi.';
    if (tahun.trim() && !/^\d{4}$/.test(tahun.trim())) salah.tahun = 'Tulis tahun dengan 4 angka, misalnya 2025.';
    const nama: Record<string, string> = { berkas: 'Berkas', kategori: 'Kategori', judul: 'Judul', tahun: 'Tahun' };
    if (!berkas || Object.keys(salah).length) {
      s.tolak(salah, (k) => nama[k] ?? k);
      return;
    }
    const q = new URLSearchParams({ kategori, judul: judul.trim(), nomor: nomor.trim() });
    if (tahun.trim()) q.set('tahun', tahun.trim());
    q.set('nama_file', namaBerkasAman(berkas.name));
    aturPersen(0);
    const hasil = await s.jalankan(() =>
      kirimBerkas<Dokumen>(`/api/dokumen?${q.toString()}`, berkas, jenisBerkas(berkas) ?? berkas.type, aturPersen),
    );
    aturPersen(null);
    if (!hasil) return;
    selesai(hasil);
    umumkan(`“${hasil.judul || judul.trim()}” diunggah ke ${LABEL_KATEGORI_DOKUMEN[kategori as KategoriDokumen] ?? 'Dokumen'}.`);
    // Ready for the next file of the same category and year.
    aturBerkas(null);
    aturJudul('');
    aturNomor('');
    if (input.current) input.current.value = '';
  };

  const pesanBerkas = galatBerkas ?? s.kolom.berkas;
  return (
    <form class="panel" onSubmit={kirim} noValidate aria-labelledby="judul-unggah">
      <h2 id="judul-unggah">Unggah dokumen</h2>
      <KotakGalat pesan={s.galat} />
      <div class={'kolom' + (pesanBerkas ? ' kolom-galat' : '')}>
        <p class="label-kelompok" id="dok-berkas-label">
          Berkas <span class="wajib">(wajib)</span>
        </p>
        <p class="petunjuk" id="dok-berkas-petunjuk">
          PDF, JPG, PNG, Word (.docx), atau Excel (.xlsx), maksimal 10 MB.
        </p>
        {berkas ? (
          <p class="nama-berkas">
            {berkas.name} ({ukuranBerkas(berkas.size)})
          </p>
        ) : null}
        <KemajuanUnggah id="dok-berkas" persen={persen} />
        <div class="deret-tombol">
          <TombolBerkas
            id="dok-berkas"
            inputRef={input}
            accept={TERIMA}
            keterangan={'dok-berkas-petunjuk' + (pesanBerkas ? ' dok-berkas-galat' : '')}
            nonaktif={s.mengirim}
            saatPilih={pilih}
          >
            {berkas ? 'Ganti berkas' : 'Pilih berkas'}
          </TombolBerkas>
        </div>
        {pesanBerkas ? (
          <p class="pesan-galat" id="dok-berkas-galat">
            {pesanBerkas}
          </p>
        ) : null}
      </div>
      <Pilihan
        id="dok-kategori"
        label="Kategori"
        nilai={kategori}
        ubah={ubah(aturKategori)}
        opsi={[{ nilai: '', label: 'Pilih…', nonaktif: true }, ...KATEGORI.map((k) => ({ nilai: k, label: LABEL_KATEGORI_DOKUMEN[k] }))]}
        galat={s.kolom.kategori}
        wajib
      />
      <Isian
        id="dok-judul"
        label="Judul"
        petunjuk="Misalnya “Peraturan Desa tentang APBDes 2025”."
        nilai={judul}
        ubah={ubah(aturJudul)}
        galat={s.kolom.judul}
        wajib
        maxLength={200}
      />
      <Isian
        id="dok-nomor"
        label="Nomor"
        petunjuk="Nomor peraturan atau surat, jika ada."
        nilai={nomor}
        ubah={ubah(aturNomor)}
        galat={s.kolom.nomor}
        maxLength={100}
      />
      <Isian
        id="dok-tahun"
        label="Tahun"
        nilai={tahun}
        ubah={ubah(aturTahun)}
        galat={s.kolom.tahun}
        inputMode="numeric"
        maxLength={4}
      />
      <BilahSimpan keadaan={s.keadaan} mengirim={s.mengirim} label="Unggah" />
      <div class="deret-tombol">
        <button type="button" class="tombol tombol-kedua" onClick={tutup} disabled={s.mengirim}>
          Tutup
        </button>
      </div>
    </form>
  );
}
