// Login, the TOTP step, and account recovery with a Diskominfo code.
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
  const rute = useRute();
  const pulihkan = rute.jalur[0] === 'pulihkan';
  return (
    <div class="layar-masuk">
      <div class="kartu-masuk">
        <p class="merek-besar" aria-hidden="true">
          Balai
        </p>
        {pulihkan ? (
          <FormPulihkan
            key="pulihkan"
            berhasil={(s) => {
              pergi('/');
              berhasil(s);
            }}
          />
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
      </p>
    </form>
  );
}

function FormPulihkan({ berhasil }: { berhasil: (s: Sesi) => void }) {
  const [username, aturUsername] = useState('');
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
    if (!kode.trim()) k.kode = 'Isi kode pemulihan dari Diskominfo.';
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
        Minta kode pemulihan kepada Diskominfo atau admin desa Anda. Kode hanya bisa dipakai sekali.
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
