// The signed-in person's own account: recovery email, password, two-step
// verification, sessions.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { LABEL_PERAN, galatEmail } from '../format';
import { useAplikasi } from '../konteks';
import { FormGantiSandi } from '../komponen/GantiSandi';
import { BarisSimpan, Isian, JudulHalaman, KotakGalat, KotakInfo, TombolSalin, useSimpan } from '../komponen/ui';

/** `konsol`: shown inside the Diskominfo console (no way back to "Lainnya", no village). */
export function AkunSaya({ konsol = false }: { konsol?: boolean }) {
  const { akun, keluar, muatSesi } = useAplikasi();
  const [keluarSemua, aturKeluarSemua] = useState(false);
  return (
    <>
      {!konsol ? (
        <p class="kembali">
          <a href="#/lainnya">‹ Lainnya</a>
        </p>
      ) : null}
      <JudulHalaman>Akun saya</JudulHalaman>
      <dl class="rincian">
        <dt>Nama</dt>
        <dd>{akun.nama}</dd>
        <dt>Nama pengguna</dt>
        <dd>{akun.username}</dd>
        <dt>Peran</dt>
        <dd>{LABEL_PERAN[akun.peran] ?? akun.peran}</dd>
        {akun.kecamatan ? (
          <>
            <dt>Kecamatan</dt>
            <dd>{akun.kecamatan.nama}</dd>
          </>
        ) : !konsol || akun.desa ? (
          <>
            <dt>Desa</dt>
            <dd>{akun.desa?.label ?? '—'}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="judul-email" class="bagian">
        <h2 id="judul-email">Email pemulihan</h2>
        <FormEmail />
      </section>

      <section aria-labelledby="judul-ganti-sandi" class="bagian">
        <h2 id="judul-ganti-sandi">Ganti kata sandi</h2>
        <FormGantiSandi selesai={muatSesi} />
      </section>

      <section aria-labelledby="judul-totp" class="bagian">
        <h2 id="judul-totp">Verifikasi dua langkah</h2>
        <VerifikasiDuaLangkah />
      </section>

      <section aria-labelledby="judul-perangkat" class="bagian">
        <h2 id="judul-perangkat">Perangkat yang masuk</h2>
        <p>
          Jika ponsel Anda hilang atau Anda pernah masuk di komputer umum (misalnya warnet), keluarkan akun ini dari
          semua perangkat.
        </p>
        <button
          type="button"
          class="tombol tombol-bahaya"
          disabled={keluarSemua}
          onClick={async () => {
            if (!window.confirm('Keluar dari semua perangkat, termasuk perangkat ini?')) return;
            aturKeluarSemua(true);
            await keluar(true);
            aturKeluarSemua(false);
          }}
        >
          Keluar dari semua perangkat
        </button>
      </section>
    </>
  );
}

/** The address a recovery code is emailed to when the person forgets the password. */
function FormEmail() {
  const { akun, muatSesi } = useAplikasi();
  const [email, aturEmail] = useState(akun.email ?? '');
  const s = useSimpan();

  const kirim = async (e: Event) => {
    e.preventDefault();
    const salah = galatEmail(email);
    if (salah) {
      s.tolak({ email: salah }, () => 'Email');
      document.getElementById('akun-email')?.focus();
      return;
    }
    const r = await s.jalankan(() => api.put<{ email?: string }>('/api/akun', { email: email.trim() }));
    if (!r) return;
    aturEmail(typeof r.email === 'string' ? r.email : email.trim());
    // So "Akun saya" shows the new address after navigating away and back.
    void muatSesi().catch(() => undefined);
  };

  return (
    <form onSubmit={kirim} noValidate>
      <KotakGalat pesan={s.galat} />
      <Isian
        id="akun-email"
        label="Email untuk pemulihan kata sandi"
        petunjuk="Jika Anda lupa kata sandi, kode pemulihan bisa dikirim ke email ini. Kosongkan jika tidak ingin memakai email."
        type="email"
        inputMode="email"
        nilai={email}
        ubah={(v) => {
          aturEmail(v);
          s.berubah();
        }}
        galat={s.kolom.email}
        autocomplete="email"
        autocapitalize="none"
        spellcheck={false}
        maxLength={254}
      />
      <div class="deret-tombol deret-simpan">
        <button type="submit" class="tombol tombol-utama" disabled={s.mengirim}>
          Simpan
        </button>
        <BarisSimpan keadaan={s.keadaan} />
      </div>
    </form>
  );
}

type Langkah =
  | { k: 'awal' }
  | { k: 'pindai'; rahasia: string; uri: string }
  | { k: 'cadangan'; kode: string[] }
  | { k: 'matikan' };

function kelompokEmpat(s: string): string {
  return s.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();
}

/** Diskominfo accounts must keep two-step verification on (the server refuses to switch it off). */
function wajibDuaLangkah(akun: { peran: string; menyamar?: unknown; wajib_totp?: boolean }): boolean {
  return Boolean(akun.menyamar) || akun.peran === 'superadmin' || akun.peran === 'operator_diskominfo';
}

/** Two-step verification: enrol (QR code, key, first code, backup codes) or switch off. */
export function VerifikasiDuaLangkah() {
  const { akun, muatSesi } = useAplikasi();
  const [langkah, aturLangkah] = useState<Langkah>({ k: 'awal' });
  const [kode, aturKode] = useState('');
  const [sandi, aturSandi] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [sibuk, aturSibuk] = useState(false);

  const mulai = async () => {
    aturSibuk(true);
    aturGalat(null);
    try {
      const r = await api.post<{ rahasia: string; uri: string }>('/api/totp/mulai');
      aturKode('');
      aturLangkah({ k: 'pindai', ...r });
    } catch (e) {
      aturGalat(pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };

  const aktifkan = async (e: Event) => {
    e.preventDefault();
    const k = kode.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(k)) {
      aturKolom({ kode: 'Masukkan 6 angka dari aplikasi autentikator.' });
      return;
    }
    aturSibuk(true);
    aturGalat(null);
    aturKolom({});
    try {
      const r = await api.post<{ kode_cadangan: string[] }>('/api/totp/aktifkan', { kode: k });
      aturLangkah({ k: 'cadangan', kode: r.kode_cadangan ?? [] });
    } catch (err) {
      aturGalat('Gagal mengaktifkan: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturSibuk(false);
    }
  };

  const matikan = async (e: Event) => {
    e.preventDefault();
    if (!sandi) {
      aturKolom({ sandi: 'Isi kata sandi Anda.' });
      return;
    }
    aturSibuk(true);
    aturGalat(null);
    aturKolom({});
    try {
      await api.post('/api/totp/matikan', { sandi });
      aturSandi('');
      aturLangkah({ k: 'awal' });
      await muatSesi();
    } catch (err) {
      aturGalat('Gagal mematikan: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturSibuk(false);
    }
  };

  if (langkah.k === 'cadangan') {
    return (
      <KotakInfo jenis="sukses">
        <p>
          <strong>Verifikasi dua langkah sudah aktif.</strong> Simpan kode cadangan di bawah ini di tempat aman (tulis
          di kertas). Setiap kode bisa dipakai sekali untuk masuk jika ponsel Anda hilang. Kode ini hanya ditampilkan
          sekali.
        </p>
        <ol class="kode-cadangan" data-testid="kode-cadangan">
          {langkah.kode.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ol>
        <div class="deret-tombol">
          <TombolSalin teks={langkah.kode.join('\n')} label="Salin semua kode" />
          <button
            type="button"
            class="tombol tombol-utama"
            onClick={() => {
              aturLangkah({ k: 'awal' });
              void muatSesi().catch(() => undefined);
            }}
          >
            Sudah saya simpan
          </button>
        </div>
      </KotakInfo>
    );
  }

  if (langkah.k === 'pindai') {
    return (
      <form onSubmit={aktifkan} noValidate>
        <KotakGalat pesan={galat} />
        <ol class="langkah">
          <li>Pasang aplikasi autentikator di ponsel, misalnya Google Authenticator atau Microsoft Authenticator.</li>
          <li>
            Di aplikasi itu pilih tambah akun, lalu pindai kode QR ini, atau ketik kunci rahasia di bawahnya.
            <KodeQR uri={langkah.uri} />
            <p>
              Kunci rahasia:{' '}
              <span class="kode-besar" data-testid="rahasia-totp">
                {kelompokEmpat(langkah.rahasia)}
              </span>
            </p>
            <TombolSalin teks={langkah.rahasia.replace(/\s+/g, '')} label="Salin kunci" />
            <p>
              Di ponsel ini? <a href={langkah.uri}>Buka langsung di aplikasi autentikator</a>
            </p>
          </li>
          <li>Masukkan kode 6 angka yang tampil di aplikasi.</li>
        </ol>
        <Isian
          id="totp-kode"
          label="Kode dari aplikasi"
          nilai={kode}
          ubah={aturKode}
          galat={kolom.kode}
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={7}
        />
        <div class="deret-tombol">
          <button type="submit" class="tombol tombol-utama" disabled={sibuk}>
            Aktifkan
          </button>
          <button type="button" class="tombol tombol-kedua" onClick={() => aturLangkah({ k: 'awal' })}>
            Batal
          </button>
        </div>
      </form>
    );
  }

  if (akun.totp) {
    return langkah.k === 'matikan' ? (
      <form onSubmit={matikan} noValidate>
        <KotakGalat pesan={galat} />
        <p>Masukkan kata sandi Anda untuk mematikan verifikasi dua langkah.</p>
        <Isian
          id="totp-sandi"
          label="Kata sandi Anda"
          type="password"
          nilai={sandi}
          ubah={aturSandi}
          galat={kolom.sandi}
          autocomplete="current-password"
        />
        <div class="deret-tombol">
          <button type="submit" class="tombol tombol-bahaya" disabled={sibuk}>
            Matikan verifikasi dua langkah
          </button>
          <button type="button" class="tombol tombol-kedua" onClick={() => aturLangkah({ k: 'awal' })}>
            Batal
          </button>
        </div>
      </form>
    ) : (
      <>
        <p>
          <strong>Aktif.</strong> Saat masuk, selain kata sandi Anda juga memasukkan kode dari aplikasi autentikator.
        </p>
        {wajibDuaLangkah(akun) ? (
          <p class="petunjuk">Akun Diskominfo wajib memakai verifikasi dua langkah, jadi tidak bisa dimatikan.</p>
        ) : (
          <button type="button" class="tombol tombol-kedua" onClick={() => aturLangkah({ k: 'matikan' })}>
            Matikan
          </button>
        )}
      </>
    );
  }

  return (
    <>
      <KotakGalat pesan={galat} />
      <p>
        Belum aktif. Dengan verifikasi dua langkah, orang lain tidak bisa masuk ke akun Anda meskipun mengetahui kata
        sandinya, karena juga perlu kode dari ponsel Anda.
      </p>
      <button type="button" class="tombol tombol-utama" onClick={() => void mulai()} disabled={sibuk}>
        {sibuk ? 'Menyiapkan…' : 'Aktifkan verifikasi dua langkah'}
      </button>
    </>
  );
}

/** QR code of the otpauth URI; the small generator is loaded only here. */
function KodeQR({ uri }: { uri: string }) {
  const [src, aturSrc] = useState<string | null>(null);
  useEffect(() => {
    let batal = false;
    import('qrcode-generator').then(
      ({ default: qrcode }) => {
        if (batal) return;
        const qr = qrcode(0, 'M');
        qr.addData(uri);
        qr.make();
        aturSrc(qr.createDataURL(5, 4));
      },
      () => undefined,
    );
    return () => {
      batal = true;
    };
  }, [uri]);
  return src ? <img class="kode-qr" src={src} alt="Kode QR untuk aplikasi autentikator" /> : null;
}
