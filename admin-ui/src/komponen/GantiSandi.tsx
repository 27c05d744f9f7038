// Change password: the forced screen after a temporary password, and a
// section of "Akun saya".
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { useAplikasi } from '../konteks';
import { Isian, KotakGalat, KotakInfo } from './ui';

export function FormGantiSandi({ selesai, labelTombol = 'Simpan kata sandi' }: { selesai: () => void | Promise<void>; labelTombol?: string }) {
  const [lama, aturLama] = useState('');
  const [baru, aturBaru] = useState('');
  const [ulang, aturUlang] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const [sukses, aturSukses] = useState(false);
  const { akun } = useAplikasi();

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!lama) k.sandi_lama = 'Isi kata sandi yang sekarang.';
    if (!baru) k.sandi_baru = 'Buat kata sandi baru.';
    else if (baru === lama) k.sandi_baru = 'Kata sandi baru harus berbeda dari yang lama.';
    if (baru && ulang !== baru) k.ulang = 'Ulangan kata sandi tidak sama.';
    aturKolom(k);
    aturSukses(false);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    try {
      await api.post('/api/sandi', { sandi_lama: lama, sandi_baru: baru });
    } catch (err) {
      aturGalat('Gagal menyimpan: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
      aturMengirim(false);
      return;
    }
    aturLama('');
    aturBaru('');
    aturUlang('');
    aturSukses(true);
    try {
      await selesai();
    } catch (err) {
      aturGalat('Kata sandi sudah diganti, tetapi halaman gagal dimuat ulang: ' + pesanGalat(err));
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <form onSubmit={kirim} noValidate>
      {/* For password managers: which account this new password belongs to. */}
      <input type="text" name="username" autocomplete="username" value={akun.username} readOnly hidden />
      <KotakGalat pesan={galat} />
      {sukses ? (
        <KotakInfo jenis="sukses">
          <p role="status">Kata sandi sudah diganti.</p>
        </KotakInfo>
      ) : null}
      <Isian
        id="sandi-lama"
        label="Kata sandi lama"
        type="password"
        nilai={lama}
        ubah={aturLama}
        galat={kolom.sandi_lama}
        autocomplete="current-password"
      />
      <Isian
        id="sandi-baru"
        label="Kata sandi baru"
        type="password"
        nilai={baru}
        ubah={aturBaru}
        galat={kolom.sandi_baru}
        petunjuk="Pakai kalimat pendek yang mudah Anda ingat tetapi sulit ditebak orang lain."
        autocomplete="new-password"
      />
      <Isian
        id="sandi-ulang"
        label="Ulangi kata sandi baru"
        type="password"
        nilai={ulang}
        ubah={aturUlang}
        galat={kolom.ulang}
        autocomplete="new-password"
      />
      <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
        {mengirim ? 'Menyimpan…' : labelTombol}
      </button>
    </form>
  );
}
