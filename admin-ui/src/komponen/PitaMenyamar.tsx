// The banner on every screen while a Diskominfo account acts as a village
// admin ("Masuk sebagai desa"), with the way out. When the time limit passes
// the session is read again, which brings the console back.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { jam } from '../format';
import type { Menyamar } from '../jenis';
import { useAplikasi } from '../konteks';
import { gantiAlamat } from '../rute';

export function PitaMenyamar() {
  const { akun } = useAplikasi();
  return akun.menyamar ? <Pita m={akun.menyamar} /> : null;
}

function Pita({ m }: { m: Menyamar }) {
  const { akun, muatSesi, umumkan } = useAplikasi();
  const [sibuk, aturSibuk] = useState(false);
  const desaId = akun.desa?.id;

  // Back to the console: on the village's page there, read without re-rendering the village UI first.
  const kembali = async () => {
    gantiAlamat(desaId ? `/desa/${desaId}` : '/');
    try {
      await muatSesi();
    } catch (e) {
      umumkan(pesanGalat(e));
    }
  };

  useEffect(() => {
    const akhir = new Date(m.sampai).getTime();
    if (!Number.isFinite(akhir)) return;
    const t = window.setInterval(() => {
      if (Date.now() < akhir) return;
      window.clearInterval(t);
      umumkan('Waktu masuk sebagai desa sudah habis. Anda kembali ke konsol.');
      void kembali();
    }, 15000);
    return () => window.clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m.sampai]);

  const selesai = async () => {
    aturSibuk(true);
    try {
      await api.post('/api/konsol/selesai-menyamar', {});
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) {
        umumkan('Gagal mengakhiri: ' + pesanGalat(e));
        aturSibuk(false);
        return;
      }
    }
    umumkan(`Selesai masuk sebagai ${akun.desa?.label ?? 'desa'}.`);
    await kembali();
    aturSibuk(false);
  };

  return (
    <div class="pita-menyamar" role="region" aria-label="Mode masuk sebagai desa" data-testid="pita-menyamar">
      <p>
        <strong>Anda masuk sebagai {akun.desa?.label ?? 'desa'}</strong>
        <span class="pemisah-pita"> — </span>
        <span>alasan: {m.alasan}</span>
        <span class="pemisah-pita"> — </span>
        <span>sampai {jam(m.sampai)}</span>
      </p>
      <p class="sr">Setiap perubahan dicatat atas nama akun Diskominfo Anda.</p>
      <button type="button" class="tombol" disabled={sibuk} onClick={() => void selesai()}>
        {sibuk ? 'Mengakhiri…' : 'Selesai'}
        <span class="sr"> masuk sebagai desa</span>
      </button>
    </div>
  );
}
