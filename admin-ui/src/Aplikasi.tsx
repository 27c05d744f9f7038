// Session gate: login → forced password change → (Diskominfo) two-step
// enrolment → the console, loaded on demand; or the village admin.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, api, aturCsrf, pesanGalat, saatSesiBerakhir } from './api';
import type { Sesi } from './jenis';
import { KonteksAplikasi, useAplikasi as useKonteks, type Aplikasi as KonteksNilai } from './konteks';
import { kirimAntrian } from './lokal';
import { Kerangka } from './Kerangka';
import { FormGantiSandi } from './komponen/GantiSandi';
import { KotakGalat, Memuat } from './komponen/ui';
import { Masuk } from './halaman/Masuk';
import { VerifikasiDuaLangkah } from './halaman/AkunSaya';

let nomorPengumuman = 0;

export function Aplikasi() {
  // undefined = still asking the server
  const [sesi, aturSesi] = useState<Sesi | null | undefined>(undefined);
  const [galatAwal, aturGalatAwal] = useState<string | null>(null);
  const [pesanMasuk, aturPesanMasuk] = useState<string | null>(null);
  const [pengumuman, aturPengumuman] = useState<{ id: number; pesan: string }[]>([]);
  const sesiRef = useRef<Sesi | null | undefined>(undefined);
  sesiRef.current = sesi;

  const pakaiSesi = useCallback((s: Sesi | null) => {
    if (s) aturCsrf(s.csrf);
    aturSesi(s);
  }, []);

  const muatSesi = useCallback(async () => {
    try {
      const s = await api.get<Sesi>('/api/sesi', { tanpa401: true });
      aturGalatAwal(null);
      pakaiSesi(s);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) pakaiSesi(null);
      else if (sesiRef.current === undefined) aturGalatAwal(pesanGalat(e));
      else throw e;
    }
  }, [pakaiSesi]);

  useEffect(() => {
    saatSesiBerakhir(() => {
      if (sesiRef.current) aturPesanMasuk('Sesi Anda sudah berakhir. Silakan masuk lagi — tulisan yang belum terkirim tetap aman di perangkat ini.');
      aturSesi(null);
    });
    void muatSesi();
  }, [muatSesi]);

  const umumkan = useCallback((pesan: string) => {
    const id = ++nomorPengumuman;
    aturPengumuman((l) => [...l.filter((p) => p.pesan !== pesan).slice(-1), { id, pesan }]);
    setTimeout(() => aturPengumuman((l) => l.filter((p) => p.id !== id)), 7000);
  }, []);

  const keluar = useCallback(
    async (semua = false) => {
      try {
        await api.post(semua ? '/api/keluar-semua' : '/api/keluar');
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) {
          umumkan('Gagal keluar: ' + pesanGalat(e));
          return;
        }
      }
      aturPesanMasuk(semua ? 'Anda sudah keluar dari semua perangkat.' : 'Anda sudah keluar.');
      aturCsrf('');
      aturSesi(null);
    },
    [umumkan],
  );

  const akun = sesi?.akun;
  const nilai = useMemo<KonteksNilai | null>(
    () => (akun ? { akun, muatSesi, keluar, umumkan } : null),
    [akun, muatSesi, keluar, umumkan],
  );

  // Queued saves from an earlier visit go out as soon as we are signed in and online.
  useEffect(() => {
    if (!akun || !akun.desa || akun.harus_ganti_sandi) return;
    const kirim = () => void kirimAntrian(akun.id, umumkan);
    kirim();
    window.addEventListener('online', kirim);
    return () => window.removeEventListener('online', kirim);
  }, [akun, umumkan]);

  let isi;
  if (sesi === undefined) {
    isi = galatAwal ? (
      <main class="layar-tengah">
        <h1>Admin Desa</h1>
        <KotakGalat pesan={galatAwal}>
          <button type="button" class="tombol tombol-utama" onClick={() => void muatSesi()}>
            Coba lagi
          </button>
        </KotakGalat>
      </main>
    ) : (
      <main class="layar-tengah">
        <Memuat />
      </main>
    );
  } else if (sesi === null || !nilai) {
    isi = (
      <main>
        <Masuk
          pesanAwal={pesanMasuk}
          berhasil={(s) => {
            aturPesanMasuk(null);
            pakaiSesi(s);
          }}
        />
      </main>
    );
  } else if (sesi.akun.harus_ganti_sandi) {
    isi = (
      <KonteksAplikasi.Provider value={nilai}>
        <GantiSandiWajib />
      </KonteksAplikasi.Provider>
    );
  } else if (!sesi.akun.desa) {
    isi = (
      <KonteksAplikasi.Provider value={nilai}>
        {sesi.akun.wajib_totp ? <WajibDuaLangkah /> : <KonsolMalas />}
      </KonteksAplikasi.Provider>
    );
  } else {
    isi = (
      <KonteksAplikasi.Provider value={nilai}>
        <Kerangka />
      </KonteksAplikasi.Provider>
    );
  }

  return (
    <>
      {isi}
      <div class="pengumuman" role="status" aria-live="polite">
        {pengumuman.map((p) => (
          <p key={p.id}>{p.pesan}</p>
        ))}
      </div>
    </>
  );
}

function GantiSandiWajib() {
  const { akun, muatSesi, keluar } = useKonteks();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <main class="layar-masuk">
      <div class="kartu-masuk">
        <h1 tabIndex={-1} ref={ref}>
          Ganti kata sandi
        </h1>
        <p class="sub">
          Halo, {akun.nama}. Demi keamanan, ganti dulu kata sandi sementara Anda sebelum mulai bekerja.
        </p>
        <FormGantiSandi selesai={muatSesi} />
        <p class="tautan-bawah">
          <button type="button" class="tombol-tautan" onClick={() => void keluar()}>
            Keluar
          </button>
        </p>
      </div>
    </main>
  );
}

/** Diskominfo roles must enrol two-step verification before the console opens. */
function WajibDuaLangkah() {
  const { akun, keluar } = useKonteks();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <main class="layar-masuk">
      <div class="kartu-masuk">
        <h1 tabIndex={-1} ref={ref}>
          Aktifkan verifikasi dua langkah
        </h1>
        <p class="sub">
          Halo, {akun.nama}. Akun Diskominfo bisa mengelola semua website desa, jadi wajib memakai verifikasi dua
          langkah. Aktifkan dulu sekarang; setelah itu konsol langsung terbuka.
        </p>
        <VerifikasiDuaLangkah />
        <p class="tautan-bawah">
          <button type="button" class="tombol-tautan" onClick={() => void keluar()}>
            Keluar
          </button>
        </p>
      </div>
    </main>
  );
}

type ModulKonsol = typeof import('./konsol/Konsol');
let modulKonsol: Promise<ModulKonsol> | null = null;
function muatModulKonsol(): Promise<ModulKonsol> {
  modulKonsol ??= import('./konsol/Konsol').catch((e) => {
    modulKonsol = null;
    throw e;
  });
  return modulKonsol;
}

/** The Diskominfo console is its own chunk: village operators never download it. */
function KonsolMalas() {
  const [modul, aturModul] = useState<ModulKonsol | null>(null);
  const [galat, aturGalat] = useState(false);
  const [coba, aturCoba] = useState(0);
  useEffect(() => {
    let batal = false;
    aturGalat(false);
    muatModulKonsol().then(
      (m) => {
        if (!batal) aturModul(m);
      },
      () => {
        if (!batal) aturGalat(true);
      },
    );
    return () => {
      batal = true;
    };
  }, [coba]);
  if (modul) return <modul.Konsol />;
  return (
    <main class="layar-tengah">
      {galat ? (
        <KotakGalat pesan="Konsol gagal dimuat. Periksa koneksi internet Anda, lalu coba lagi.">
          <button type="button" class="tombol tombol-utama" onClick={() => aturCoba((n) => n + 1)}>
            Coba lagi
          </button>
        </KotakGalat>
      ) : (
        <Memuat teks="Memuat konsol…" />
      )}
    </main>
  );
}
