// "Tambah desa": look up a kecamatan (or the whole regency) in the national
// kode wilayah list, tick the villages not yet registered and add them one
// by one, with a progress bar and a line per village. Also one village by
// hand, for a kode not (yet) in the list. And a village archive (.tar) from
// another instance, installed whole.
import { useRef, useState } from 'preact/hooks';
import { ApiError, api, kirimBerkas, pesanGalat } from '../api';
import { angka } from '../format';
import { useAplikasi } from '../konteks';
import { Isian, JudulHalaman, KotakGalat, KotakInfo } from '../komponen/ui';
import { ukuran } from './bersama';
import type { ArsipTerpasang, Wilayah } from './jenis';

interface Kelompok {
  kode: string;
  nama: string;
  item: Wilayah['item'];
}

interface Hasil {
  kode: string;
  nama: string;
  ok: boolean;
  pesan: string;
  url?: string;
}

interface DesaBaru {
  id: number;
  kode: string;
  nama: string;
  slug: string;
  url: string;
}

const POLA_KODE = /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/;

export function TambahDesa() {
  const { umumkan } = useAplikasi();
  const [kode, aturKode] = useState('');
  const [kolomKode, aturKolomKode] = useState<string | undefined>(undefined);
  const [galat, aturGalat] = useState<string | null>(null);
  const [kelompok, aturKelompok] = useState<Kelompok[] | null>(null);
  const [memuat, aturMemuat] = useState<{ ke: number; dari: number } | null>(null);
  const [pilih, aturPilih] = useState<Set<string>>(new Set());
  const [proses, aturProses] = useState<{ ke: number; dari: number; nama: string } | null>(null);
  const [hasil, aturHasil] = useState<Hasil[]>([]);
  const berhenti = useRef(false);

  const lihat = async (e: Event) => {
    e.preventDefault();
    const k = kode.trim();
    if (!POLA_KODE.test(k)) {
      aturKolomKode('Tulis kode wilayah dengan titik, misalnya 33.24.01 (kecamatan) atau 33.24 (kabupaten).');
      return;
    }
    aturKolomKode(undefined);
    aturGalat(null);
    aturKelompok(null);
    aturPilih(new Set());
    aturHasil([]);
    aturMemuat({ ke: 0, dari: 1 });
    try {
      const r = await api.get<Wilayah>(`/api/konsol/wilayah?kode=${encodeURIComponent(k)}`);
      const kec = r.item.filter((x) => x.tingkat === 'kecamatan');
      let hasilKelompok: Kelompok[];
      if (kec.length) {
        // A regency: every kecamatan's villages, one request each.
        hasilKelompok = [];
        for (let i = 0; i < kec.length; i++) {
          aturMemuat({ ke: i + 1, dari: kec.length });
          const w = await api.get<Wilayah>(`/api/konsol/wilayah?kode=${encodeURIComponent(kec[i].kode)}`);
          hasilKelompok.push({ kode: kec[i].kode, nama: kec[i].nama, item: w.item });
        }
      } else {
        hasilKelompok = [{ kode: r.kode, nama: r.nama ?? r.kode, item: r.item }];
      }
      aturKelompok(hasilKelompok);
      // Every village not yet registered starts ticked.
      aturPilih(new Set(hasilKelompok.flatMap((g) => g.item.filter((x) => !x.terdaftar).map((x) => x.kode))));
    } catch (err) {
      aturGalat('Gagal memuat daftar: ' + pesanGalat(err));
      if (err instanceof ApiError && err.status === 400) aturKolomKode(err.message);
    } finally {
      aturMemuat(null);
    }
  };

  const ubahPilih = (kodeDesa: string, centang: boolean) =>
    aturPilih((l) => {
      const baru = new Set(l);
      if (centang) baru.add(kodeDesa);
      else baru.delete(kodeDesa);
      return baru;
    });

  const pilihKelompok = (g: Kelompok, centang: boolean) =>
    aturPilih((l) => {
      const baru = new Set(l);
      for (const x of g.item) if (!x.terdaftar) (centang ? baru.add(x.kode) : baru.delete(x.kode));
      return baru;
    });

  const tambahkan = async () => {
    if (!kelompok) return;
    const antre = kelompok.flatMap((g) => g.item.filter((x) => !x.terdaftar && pilih.has(x.kode)));
    if (!antre.length) return;
    if (!window.confirm(`Tambahkan ${antre.length} desa? Setiap desa langsung mendapat website dengan halaman bawaan.`)) return;
    berhenti.current = false;
    aturHasil([]);
    const selesai: Hasil[] = [];
    for (let i = 0; i < antre.length; i++) {
      if (berhenti.current) break;
      const x = antre[i];
      aturProses({ ke: i + 1, dari: antre.length, nama: x.nama });
      let h: Hasil;
      try {
        const r = await api.post<DesaBaru>('/api/konsol/desa', { kode: x.kode });
        h = { kode: x.kode, nama: r.nama || x.nama, ok: true, pesan: 'ditambahkan', url: r.url };
      } catch (err) {
        const kolom = err instanceof ApiError ? err.kolom.kode : undefined;
        h = { kode: x.kode, nama: x.nama, ok: false, pesan: kolom ?? pesanGalat(err) };
      }
      selesai.push(h);
      aturHasil([...selesai]);
      if (h.ok) {
        aturKelompok((l) => l?.map((g) => ({ ...g, item: g.item.map((y) => (y.kode === x.kode ? { ...y, terdaftar: true } : y)) })) ?? l);
        ubahPilih(x.kode, false);
      }
    }
    aturProses(null);
    const ok = selesai.filter((h) => h.ok).length;
    const gagal = selesai.length - ok;
    umumkan(`Selesai: ${ok} desa ditambahkan${gagal ? `, ${gagal} gagal` : ''}${berhenti.current ? ' (dihentikan)' : ''}.`);
  };

  const jumlahPilih = kelompok ? kelompok.reduce((n, g) => n + g.item.filter((x) => !x.terdaftar && pilih.has(x.kode)).length, 0) : 0;
  const berhasil = hasil.filter((h) => h.ok).length;

  return (
    <>
      <JudulHalaman>Tambah desa</JudulHalaman>
      <p class="sub">
        Tambahkan desa dari daftar kode wilayah nasional: satu kecamatan, atau seluruh kabupaten sekaligus. Setiap desa
        langsung mendapat website dengan halaman bawaan.
      </p>

      <form class="panel" onSubmit={lihat} noValidate>
        <KotakGalat pesan={galat} />
        <Isian
          id="kode-wilayah"
          label="Kode kecamatan atau kabupaten"
          petunjuk="Misalnya 33.24.01 untuk satu kecamatan, atau 33.24 untuk seluruh kabupaten."
          nilai={kode}
          ubah={aturKode}
          galat={kolomKode}
          inputMode="decimal"
          autocomplete="off"
          setelah={
            <button type="submit" class="tombol tombol-utama" disabled={memuat !== null || proses !== null}>
              Tampilkan
            </button>
          }
        />
        {memuat ? (
          <div class="unggah-kemajuan">
            <label for="kemajuan-memuat">
              {memuat.dari > 1 ? `Memuat daftar desa: kecamatan ${memuat.ke} dari ${memuat.dari}…` : 'Memuat daftar…'}
            </label>
            <progress id="kemajuan-memuat" max={memuat.dari} value={memuat.ke} />
          </div>
        ) : null}
      </form>

      {kelompok ? (
        kelompok.every((g) => !g.item.length) ? (
          <p class="kosong">Tidak ada desa dengan kode ini di daftar kode wilayah.</p>
        ) : (
          <>
            <h2>Pilih desa</h2>
            {kelompok.map((g) => {
              const belum = g.item.filter((x) => !x.terdaftar);
              const semuaTerpilih = belum.length > 0 && belum.every((x) => pilih.has(x.kode));
              return (
                <fieldset key={g.kode} class="kelompok-wilayah">
                  <legend>
                    {g.nama} <span class="jumlah">({g.kode}: {angka(belum.length)} belum terdaftar dari {angka(g.item.length)})</span>
                  </legend>
                  {belum.length ? (
                    <button
                      type="button"
                      class="tombol-tautan"
                      disabled={proses !== null}
                      onClick={() => pilihKelompok(g, !semuaTerpilih)}
                    >
                      {semuaTerpilih ? 'Batalkan semua pilihan' : 'Pilih semua yang belum terdaftar'}
                      <span class="sr"> di {g.nama}</span>
                    </button>
                  ) : null}
                  <ul class="daftar-centang">
                    {g.item.map((x) => (
                      <li key={x.kode}>
                        <label class="pilihan-centang">
                          <input
                            type="checkbox"
                            checked={x.terdaftar || pilih.has(x.kode)}
                            disabled={x.terdaftar || proses !== null}
                            onChange={(e) => ubahPilih(x.kode, (e.currentTarget as HTMLInputElement).checked)}
                          />
                          <span>
                            {x.nama} <span class="meta">{x.kode}</span>
                            {x.terdaftar ? <span class="meta"> — sudah terdaftar</span> : null}
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              );
            })}
            <div class="deret-tombol">
              <button
                type="button"
                class="tombol tombol-utama"
                disabled={!jumlahPilih || proses !== null}
                onClick={() => void tambahkan()}
              >
                Tambahkan {angka(jumlahPilih)} desa
              </button>
              {proses ? (
                <button type="button" class="tombol tombol-kedua" onClick={() => (berhenti.current = true)}>
                  Hentikan
                </button>
              ) : null}
            </div>
          </>
        )
      ) : null}

      {proses ? (
        <div class="unggah-kemajuan">
          <label for="kemajuan-tambah">
            Menambahkan {proses.ke} dari {proses.dari}: {proses.nama}…
          </label>
          <progress id="kemajuan-tambah" max={proses.dari} value={proses.ke - 1} />
        </div>
      ) : null}

      {hasil.length ? (
        <section aria-labelledby="judul-hasil-tambah">
          <h2 id="judul-hasil-tambah">Hasil</h2>
          <p role="status">
            {berhasil} berhasil{hasil.length - berhasil ? `, ${hasil.length - berhasil} gagal` : ''}.
          </p>
          <ul class="daftar-hasil">
            {hasil.map((h) => (
              <li key={h.kode} class={h.ok ? 'hasil-ok' : 'hasil-gagal'}>
                <span aria-hidden="true">{h.ok ? '✓' : '✗'}</span> <strong>{h.nama}</strong> ({h.kode}):{' '}
                {h.ok ? 'ditambahkan' : `gagal — ${h.pesan}`}
                {h.ok && h.url ? (
                  <>
                    {' '}
                    <a href={h.url} target="_blank" rel="noopener noreferrer">
                      Lihat website<span class="sr"> {h.nama} (membuka tab baru)</span>
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <details class="panel">
        <summary>Desa tidak ada di daftar kode wilayah?</summary>
        <TambahManual />
      </details>

      <PasangArsip />
    </>
  );
}

/** One village by kode and name, for a decree newer than the national list. */
function TambahManual() {
  const [kode, aturKode] = useState('');
  const [nama, aturNama] = useState('');
  const [slug, aturSlug] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const [baru, aturBaru] = useState<DesaBaru | null>(null);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(kode.trim())) k.kode = 'Tulis kode desa lengkap, misalnya 33.24.01.2001.';
    if (slug.trim() && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(slug.trim())) k.slug = 'Huruf kecil, angka dan tanda hubung saja.';
    aturKolom(k);
    if (Object.keys(k).length) return;
    aturMengirim(true);
    aturGalat(null);
    aturBaru(null);
    try {
      const r = await api.post<DesaBaru>('/api/konsol/desa', {
        kode: kode.trim(),
        ...(nama.trim() ? { nama: nama.trim() } : {}),
        ...(slug.trim() ? { slug: slug.trim() } : {}),
      });
      aturBaru(r);
      aturKode('');
      aturNama('');
      aturSlug('');
    } catch (err) {
      aturGalat('Gagal menambah: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <form onSubmit={kirim} noValidate>
      <KotakGalat pesan={galat} />
      {baru ? (
        <KotakInfo jenis="sukses">
          <p>
            <strong>{baru.nama}</strong> ditambahkan.{' '}
            <a href={baru.url} target="_blank" rel="noopener noreferrer">
              Lihat website<span class="sr"> (membuka tab baru)</span>
            </a>{' '}
            · <a href={`#/desa/${baru.id}`}>Buka halaman desa</a>
          </p>
        </KotakInfo>
      ) : null}
      <Isian id="manual-kode" label="Kode desa" nilai={kode} ubah={aturKode} galat={kolom.kode} inputMode="decimal" wajib />
      <Isian
        id="manual-nama"
        label="Nama desa"
        petunjuk="Wajib jika kode belum ada di daftar kode wilayah."
        nilai={nama}
        ubah={aturNama}
        galat={kolom.nama}
        maxLength={200}
      />
      <Isian
        id="manual-slug"
        label="Alamat (slug)"
        petunjuk="Boleh dikosongkan: dibuat dari nama desa."
        nilai={slug}
        ubah={aturSlug}
        galat={kolom.slug}
        autocapitalize="none"
        spellcheck={false}
        maxLength={63}
      />
      <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
        {mengirim ? 'Menambahkan…' : 'Tambah desa'}
      </button>
    </form>
  );
}

/** The server's limit for one village archive. */
const BATAS_ARSIP = 200 * 1024 * 1024;

/** A village archive (.tar from "Unduh arsip desa" or `balai desa export`), installed as a new village. */
function PasangArsip() {
  const { umumkan } = useAplikasi();
  const [berkas, aturBerkas] = useState<File | null>(null);
  const [kolom, aturKolom] = useState<string | undefined>(undefined);
  const [galat, aturGalat] = useState<string | null>(null);
  const [persen, aturPersen] = useState<number | null>(null);
  const [hasil, aturHasil] = useState<ArsipTerpasang | null>(null);

  const pilih = (e: Event) => {
    aturBerkas((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
    aturKolom(undefined);
    aturGalat(null);
    aturHasil(null);
  };

  const kirim = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    if (persen !== null) return;
    if (!berkas || !berkas.size) {
      aturKolom(berkas ? 'Berkas ini kosong.' : 'Pilih berkas arsip desa (.tar) terlebih dahulu.');
      return;
    }
    if (berkas.size > BATAS_ARSIP) {
      aturKolom(`Ukuran arsip maksimal 200 MB, sedangkan berkas ini ${ukuran(berkas.size)}.`);
      return;
    }
    aturKolom(undefined);
    aturGalat(null);
    aturHasil(null);
    aturPersen(0);
    try {
      const r = await kirimBerkas<ArsipTerpasang>('/api/konsol/desa/impor', berkas, 'application/x-tar', aturPersen);
      aturHasil({ ...r, domain_dilewati: r.domain_dilewati ?? [], catatan: r.catatan ?? [] });
      aturBerkas(null);
      form.reset();
      umumkan(`Desa ${r.nama} terpasang.`);
    } catch (err) {
      aturGalat('Arsip tidak dipasang: ' + pesanGalat(err));
    } finally {
      aturPersen(null);
    }
  };

  return (
    <section aria-labelledby="judul-pasang-arsip">
      <h2 id="judul-pasang-arsip">Pasang arsip desa</h2>
      <p>
        Pindahkan desa dari server Balai lain dengan berkas arsip dari "Unduh arsip desa" di konsol atau dari perintah{' '}
        <code>balai desa export</code>. Seluruh arsip diperiksa dulu, termasuk setiap checksum; bila ada yang salah, tidak ada
        yang berubah. Desa tetap memakai id, kode dan alamat yang sama. Akun tidak ikut dalam arsip: buat admin desa
        sesudahnya dari halaman desa. Arsip desa yang sudah ada di sini ditolak.
      </p>
      <form class="panel" onSubmit={kirim} noValidate>
        <KotakGalat pesan={galat} />
        {hasil ? (
          <KotakInfo jenis="sukses">
            <p>
              Desa <strong>{hasil.nama}</strong> ({hasil.kode}) terpasang: {angka(hasil.baris)} baris,{' '}
              {angka(hasil.berkas_media)} berkas gambar.
            </p>
            {hasil.catatan.length ? (
              <>
                <p>Catatan:</p>
                <ul>
                  {hasil.catatan.map((c, i) => (
                    <li key={i}>{c}</li>
                  ))}
                </ul>
              </>
            ) : null}
            {hasil.domain_dilewati.length ? (
              <>
                <p>Domain yang dilewati (tidak ikut dipasang):</p>
                <ul>
                  {hasil.domain_dilewati.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              </>
            ) : null}
            <p>
              <a href={`#/desa/${hasil.id}`}>Buka halaman desa</a> ·{' '}
              <a href={hasil.url} target="_blank" rel="noopener noreferrer">
                Lihat website<span class="sr"> {hasil.nama} (membuka tab baru)</span>
              </a>
            </p>
          </KotakInfo>
        ) : null}
        <div class={'kolom' + (kolom ? ' kolom-galat' : '')}>
          <label for="berkas-arsip">Berkas arsip desa (.tar)</label>
          <p class="petunjuk" id="berkas-arsip-petunjuk">
            Maksimal 200 MB.
          </p>
          <input
            id="berkas-arsip"
            type="file"
            accept=".tar,application/x-tar"
            onChange={pilih}
            disabled={persen !== null}
            aria-invalid={kolom ? 'true' : undefined}
            aria-describedby={'berkas-arsip-petunjuk' + (kolom ? ' berkas-arsip-galat' : '')}
          />
          {berkas ? (
            <p class="meta">
              {berkas.name} ({ukuran(berkas.size)})
            </p>
          ) : null}
          {kolom ? (
            <p class="pesan-galat" id="berkas-arsip-galat">
              {kolom}
            </p>
          ) : null}
        </div>
        <button type="submit" class="tombol tombol-utama" disabled={persen !== null}>
          {persen !== null ? 'Memasang…' : 'Pasang arsip'}
        </button>
        {persen !== null ? (
          <div class="unggah-kemajuan">
            <label for="kemajuan-arsip">
              {persen < 100 ? `Mengunggah arsip… ${persen}%` : 'Memeriksa dan memasang arsip…'}
            </label>
            <progress id="kemajuan-arsip" max={100} value={persen} />
          </div>
        ) : null}
      </form>
    </section>
  );
}
