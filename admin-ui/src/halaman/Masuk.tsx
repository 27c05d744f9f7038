// Login, the TOTP step, asking for a recovery code by email, and account
// recovery with a code (from the email, the village admin or Diskominfo).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import type { Sesi } from '../jenis';
import { pergi, useRute } from '../rute';
import { Isian, KotakGalat, KotakInfo } from '../komponen/ui';

interface Props {
  berhasil: (s: Sesi) => void;
  pesanAwal?: string | null;
}

export function Masuk({ berhasil, pesanAwal }: Props) {
  // "#/pulihkan" is a real address, so Diskominfo can send it to a person.
  // "#/lupa-sandi" asks the server to email a code, then leads to "#/pulihkan".
  const rute = useRute();
  const layar = rute.jalur[0];
  // The username typed on "Lupa kata sandi", carried over to the recovery form.
  const [namaLupa, aturNamaLupa] = useState('');
  return (
    <div class="layar-masuk">
      <div class="kartu-masuk">
        <p class="merek-besar" aria-hidden="true">
          Balai
        </p>
        {layar === 'pulihkan' ? (
          <FormPulihkan
            key="pulihkan"
            usernameAwal={namaLupa}
            berhasil={(s) => {
              pergi('/');
              berhasil(s);
            }}
          />
        ) : layar === 'lupa-sandi' ? (
          <FormLupaSandi key="lupa-sandi" terkirim={aturNamaLupa} />
        ) : (
          <FormMasuk key="masuk" berhasil={berhasil} pesanAwal={pesanAwal} />
        )}
      </div>
    </div>
  );
}

function FormMasuk({ berhasil, pesanAwal }: { berhasil: (s: Sesi) => void; pesanAwal?: string | null }) {
  const [username, aturUsername] = useState('');
  const [sandi, aturSandi] = useState('');
  const [kode, aturKode] = useState('');
  const [perluKode, aturPerluKode] = useState(false);
  const [lihat, aturLihat] = useState(false);
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const judulRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (perluKode) document.getElementById('masuk-kode')?.focus();
  }, [perluKode]);
  useEffect(() => {
    judulRef.current?.focus();
  }, []);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!username.trim()) k.username = 'Isi nama pengguna Anda.';
    if (!sandi) k.sandi = 'Isi kata sandi Anda.';
    if (perluKode && !kode.trim()) k.kode_totp = 'Isi kode verifikasi.';
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    try {
      const body: Record<string, string> = { username: username.trim(), sandi };
      if (perluKode) body.kode_totp = kode.replace(/\s+/g, '');
      const s = await api.post<Sesi>('/api/masuk', body, { tanpa401: true });
      berhasil(s);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401 && err.data.perlu_totp) {
        if (perluKode) {
          aturGalat(err.message || 'Kode verifikasi salah. Coba lagi.');
          aturKode('');
        } else {
          aturGalat(null);
        }
        aturPerluKode(true);
      } else {
        aturGalat(pesanGalat(err));
        if (err instanceof ApiError) aturKolom(err.kolom);
      }
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <form onSubmit={kirim} noValidate aria-labelledby="judul-masuk">
      <h1 id="judul-masuk" tabIndex={-1} ref={judulRef}>
        Masuk ke Admin Desa
      </h1>
      <p class="sub">Kelola website desa Anda: berita, agenda, dan layanan warga.</p>
      {pesanAwal && !galat ? <KotakInfo jenis="peringatan">{pesanAwal}</KotakInfo> : null}
      <KotakGalat pesan={galat} />
      <Isian
        id="masuk-username"
        label="Nama pengguna"
        nilai={username}
        ubah={aturUsername}
        galat={kolom.username}
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
      />
      <Isian
        id="masuk-sandi"
        label="Kata sandi"
        type={lihat ? 'text' : 'password'}
        nilai={sandi}
        ubah={aturSandi}
        galat={kolom.sandi}
        autocomplete="current-password"
        setelah={
          <button
            type="button"
            class="tombol tombol-kedua tombol-lihat"
            aria-pressed={lihat}
            aria-controls="masuk-sandi"
            onClick={() => aturLihat(!lihat)}
          >
            {lihat ? 'Sembunyikan' : 'Tampilkan'}
          </button>
        }
      />
      {perluKode ? (
        <>
          <KotakInfo>
            Akun ini memakai verifikasi dua langkah. Buka aplikasi autentikator di ponsel Anda dan masukkan kode 6
            angka yang tampil.
          </KotakInfo>
          <Isian
            id="masuk-kode"
            label="Kode verifikasi"
            petunjuk="6 angka dari aplikasi autentikator, atau salah satu kode cadangan Anda."
            nilai={kode}
            ubah={aturKode}
            galat={kolom.kode_totp}
            inputMode="numeric"
            autocomplete="one-time-code"
            maxLength={20}
          />
        </>
      ) : null}
      <button type="submit" class="tombol tombol-utama tombol-penuh" disabled={mengirim}>
        {mengirim ? 'Sedang masuk…' : 'Masuk'}
      </button>
      <p class="tautan-bawah">
        <a href="#/pulihkan">Lupa kata sandi? Gunakan kode pemulihan dari Diskominfo</a>
        <br />
        <a href="#/lupa-sandi">Atau minta kode pemulihan lewat email</a>
      </p>
    </form>
  );
}

/** "Lupa kata sandi": the server emails a recovery code when it can, and always answers with what to do next. */
function FormLupaSandi({ terkirim }: { terkirim: (username: string) => void }) {
  const [username, aturUsername] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const [hasil, aturHasil] = useState<string | null>(null);
  const judulRef = useRef<HTMLHeadingElement>(null);
  const hasilRef = useRef<HTMLDivElement>(null);
  useEffect(() => judulRef.current?.focus(), []);
  useEffect(() => {
    if (hasil) hasilRef.current?.focus();
  }, [hasil]);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const nama = username.trim();
    if (!nama) {
      aturKolom({ username: 'Isi nama pengguna Anda.' });
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      const r = await api.post<{ pesan?: string }>('/api/lupa-sandi', { username: nama }, { tanpa401: true });
      terkirim(nama);
      aturHasil(
        r && typeof r.pesan === 'string' && r.pesan.trim()
          ? r.pesan
          : 'Permintaan sudah diterima. Jika akun Anda memiliki email, kode pemulihan dikirim ke sana.',
      );
    } catch (err) {
      aturGalat(pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <div>
      <h1 id="judul-lupa" tabIndex={-1} ref={judulRef}>
        Lupa kata sandi
      </h1>
      {hasil ? (
        <>
          <div class="kotak kotak-info" tabIndex={-1} ref={hasilRef}>
            <p role="status">{hasil}</p>
          </div>
          <p>Setelah mendapat kode pemulihan, masukkan kode itu bersama kata sandi baru Anda.</p>
          <a href="#/pulihkan" class="tombol tombol-utama tombol-penuh">
            Masukkan kode pemulihan
          </a>
          <p class="tautan-bawah">
            <a href="#/">Kembali ke halaman masuk</a>
          </p>
        </>
      ) : (
        <form onSubmit={kirim} noValidate aria-labelledby="judul-lupa">
          <p class="sub">
            Tulis nama pengguna Anda. Jika akun Anda memiliki alamat email, kode pemulihan akan dikirim ke email
            tersebut.
          </p>
          <KotakGalat pesan={galat} />
          <Isian
            id="lupa-username"
            label="Nama pengguna"
            nilai={username}
            ubah={aturUsername}
            galat={kolom.username}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
          />
          <button type="submit" class="tombol tombol-utama tombol-penuh" disabled={mengirim}>
            {mengirim ? 'Mengirim…' : 'Kirim kode ke email saya'}
          </button>
          <p class="tautan-bawah">
            <a href="#/pulihkan">Sudah punya kode pemulihan? Masukkan di sini</a>
            <br />
            <a href="#/">Kembali ke halaman masuk</a>
          </p>
        </form>
      )}
    </div>
  );
}

function FormPulihkan({ berhasil, usernameAwal = '' }: { berhasil: (s: Sesi) => void; usernameAwal?: string }) {
  const [username, aturUsername] = useState(usernameAwal);
  const [kode, aturKode] = useState('');
  const [sandi, aturSandi] = useState('');
  const [ulang, aturUlang] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const judulRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => judulRef.current?.focus(), []);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!username.trim()) k.username = 'Isi nama pengguna Anda.';
    if (!kode.trim()) k.kode = 'Isi kode pemulihan dari email Anda, admin desa, atau Diskominfo.';
    if (!sandi) k.sandi_baru = 'Buat kata sandi baru.';
    if (sandi && ulang !== sandi) k.ulang = 'Ulangan kata sandi tidak sama.';
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    try {
      const s = await api.post<Sesi>(
        '/api/pulihkan',
        { username: username.trim(), kode: kode.trim(), sandi_baru: sandi },
        { tanpa401: true },
      );
      berhasil(s);
    } catch (err) {
      aturGalat(pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <form onSubmit={kirim} noValidate aria-labelledby="judul-pulihkan">
      <h1 id="judul-pulihkan" tabIndex={-1} ref={judulRef}>
        Pulihkan akun
      </h1>
      <p class="sub">
        Masukkan kode pemulihan dari email Anda, atau minta kode kepada admin desa atau Diskominfo. Kode hanya bisa
        dipakai sekali.
      </p>
      <KotakGalat pesan={galat} />
      <Isian
        id="pulih-username"
        label="Nama pengguna"
        nilai={username}
        ubah={aturUsername}
        galat={kolom.username}
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
      />
      <Isian
        id="pulih-kode"
        label="Kode pemulihan"
        nilai={kode}
        ubah={aturKode}
        galat={kolom.kode}
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
      />
      <Isian
        id="pulih-sandi"
        label="Kata sandi baru"
        type="password"
        nilai={sandi}
        ubah={aturSandi}
        galat={kolom.sandi_baru}
        autocomplete="new-password"
      />
      <Isian
        id="pulih-ulang"
        label="Ulangi kata sandi baru"
        type="password"
        nilai={ulang}
        ubah={aturUlang}
        galat={kolom.ulang}
        autocomplete="new-password"
      />
      <button type="submit" class="tombol tombol-utama tombol-penuh" disabled={mengirim}>
        {mengirim ? 'Memulihkan…' : 'Pulihkan akun'}
      </button>
      <p class="tautan-bawah">
        <a href="#/">Kembali ke halaman masuk</a>
      </p>
    </form>
  );
}
