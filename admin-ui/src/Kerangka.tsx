// The signed-in layout: top bar, the five-item navigation, and the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { bolehKelola, useAplikasi } from './konteks';
import { useRute, type Rute } from './rute';
import { Beranda } from './halaman/Beranda';
import { BeritaDaftar } from './halaman/BeritaDaftar';
import { BeritaEditor } from './halaman/BeritaEditor';
import { AgendaDaftar, AgendaForm } from './halaman/Agenda';
import { LayananDaftar, LayananDetail } from './halaman/Layanan';
import { Lainnya } from './halaman/Lainnya';
import { KomentarDaftar } from './halaman/Komentar';
import { HalamanPengaturan } from './halaman/Pengaturan';
import { PenggunaDaftar } from './halaman/Pengguna';
import { AkunSaya } from './halaman/AkunSaya';
import { DataJenis, DataMenu } from './halaman/DataDesa';
import { HalamanEditor, ProfilDaftar } from './halaman/Profil';
import { DokumenHalaman } from './halaman/Dokumen';
import { CatatanAktivitas } from './halaman/Aktivitas';
import { BantuanBaru, BantuanDaftar, BantuanDetail } from './halaman/Bantuan';
import { PitaMenyamar } from './komponen/PitaMenyamar';
import { JudulHalaman } from './komponen/ui';

type Menu = 'beranda' | 'berita' | 'agenda' | 'layanan' | 'lainnya';

const MENU: { id: Menu; label: string; href: string; ikon: ComponentChildren }[] = [
  {
    id: 'beranda',
    label: 'Beranda',
    href: '#/',
    ikon: <path d="M3 11 12 3l9 8v10h-6v-6H9v6H3z" />,
  },
  {
    id: 'berita',
    label: 'Berita',
    href: '#/berita',
    ikon: <path d="M4 4h13v16H6a2 2 0 0 1-2-2zm13 4h3v10a2 2 0 0 1-2 2M7 8h7M7 12h7M7 16h4" />,
  },
  {
    id: 'agenda',
    label: 'Agenda',
    href: '#/agenda',
    ikon: <path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5" />,
  },
  {
    id: 'layanan',
    label: 'Layanan',
    href: '#/layanan',
    ikon: <path d="M4 5h16v11H9l-5 4zM8 9h8M8 12h5" />,
  },
  {
    id: 'lainnya',
    label: 'Lainnya',
    href: '#/lainnya',
    ikon: <path d="M4 7h16M4 12h16M4 17h16" />,
  },
];

function menuAktif(rute: Rute): Menu {
  const a = rute.jalur[0];
  if (!a) return 'beranda';
  if (a === 'berita' || a === 'agenda' || a === 'layanan') return a;
  return 'lainnya';
}

function Halaman({ rute }: { rute: Rute }) {
  const { akun } = useAplikasi();
  const [a, b, c] = rute.jalur;
  switch (a) {
    case undefined:
    case 'pulihkan': // the recovery address, visited while signed in
      return <Beranda />;
    case 'berita':
      // A saved new item keeps its page (the address is replaced, not navigated),
      // so "Tulis berita" again must start a fresh editor: key by navigation.
      if (b === 'baru') return <BeritaEditor key={`baru-${rute.nomor}`} idAwal={null} />;
      if (b && /^\d+$/.test(b)) return <BeritaEditor key={b} idAwal={Number(b)} />;
      return <BeritaDaftar rute={rute} />;
    case 'agenda':
      if (b === 'baru') return <AgendaForm key="baru" id={null} />;
      if (b && /^\d+$/.test(b)) return <AgendaForm key={b} id={Number(b)} />;
      return <AgendaDaftar />;
    case 'layanan':
      if (b && /^\d+$/.test(b)) return <LayananDetail key={b} id={Number(b)} />;
      return <LayananDaftar rute={rute} />;
    case 'profil':
      if (b === 'baru') return <HalamanEditor key={`baru-${rute.nomor}`} idAwal={null} />;
      if (b && /^\d+$/.test(b)) return <HalamanEditor key={b} idAwal={Number(b)} />;
      return <ProfilDaftar />;
    case 'data':
      if (!b) return <DataMenu />;
      // "Tambah lagi" at the same address must start a fresh form; a list keeps its state when its filter changes.
      return <DataJenis key={`${b}/${c === 'baru' ? `baru-${rute.nomor}` : (c ?? '')}`} jenis={b} sub={c} rute={rute} />;
    case 'galeri':
      return <DataMenu galeri />;
    case 'dokumen':
      return <DokumenHalaman />;
    case 'komentar':
      return <KomentarDaftar rute={rute} />;
    case 'pengaturan':
      return bolehKelola(akun.peran) ? <HalamanPengaturan /> : <TidakBoleh />;
    case 'pengguna':
      return bolehKelola(akun.peran) ? <PenggunaDaftar /> : <TidakBoleh />;
    case 'aktivitas':
      return akun.peran === 'admin_desa' ? <CatatanAktivitas /> : <TidakBoleh />;
    case 'akun':
      return <AkunSaya />;
    case 'bantuan':
      if (b === 'baru') return <BantuanBaru key={`baru-${rute.nomor}`} />;
      if (b && /^\d+$/.test(b)) return <BantuanDetail key={b} id={Number(b)} />;
      return <BantuanDaftar />;
    case 'lainnya':
      return <Lainnya />;
    default:
      return <TidakAda />;
  }
}

function TidakAda() {
  return (
    <>
      <JudulHalaman>Halaman tidak ditemukan</JudulHalaman>
      <p>
        Alamat ini tidak ada. <a href="#/">Kembali ke Beranda</a>
      </p>
    </>
  );
}

function TidakBoleh() {
  return (
    <>
      <JudulHalaman>Tidak ada akses</JudulHalaman>
      <p>Halaman ini hanya untuk admin desa.</p>
      <p>
        <a href="#/">Kembali ke Beranda</a>
      </p>
    </>
  );
}

export function Kerangka() {
  const { akun } = useAplikasi();
  const rute = useRute();
  const aktif = menuAktif(rute);
  const main = useRef<HTMLElement>(null);
  const pertama = useRef(true);
  const [daring, aturDaring] = useState(navigator.onLine);

  useEffect(() => {
    const on = () => aturDaring(true);
    const off = () => aturDaring(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);

  // After each navigation: back to the top, focus on the new page's heading.
  const jalurSaja = rute.jalur.join('/');
  useEffect(() => {
    if (pertama.current) {
      pertama.current = false;
      return;
    }
    window.scrollTo(0, 0);
    const h1 = main.current?.querySelector<HTMLElement>('h1');
    h1?.focus({ preventScroll: true });
  }, [jalurSaja]);

  return (
    <div class="kerangka">
      <button type="button" class="lewati" onClick={() => main.current?.querySelector<HTMLElement>('h1')?.focus()}>
        Langsung ke isi halaman
      </button>
      <PitaMenyamar />
      <header class="bilah-atas">
        <a class="merek" href="#/">
          Balai
        </a>
        <span class="nama-desa">{akun.desa?.label}</span>
      </header>
      {!daring ? (
        <p class="pita-luring" role="status">
          Anda sedang tidak tersambung ke internet. Tulisan berita tetap disimpan di perangkat ini.
        </p>
      ) : null}
      <nav class="navigasi" aria-label="Menu utama">
        <ul>
          {MENU.map((m) => (
            <li key={m.id}>
              <a href={m.href} aria-current={aktif === m.id ? 'page' : undefined}>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  {m.ikon}
                </svg>
                <span>{m.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="isi" ref={main} id="isi">
        <Halaman rute={rute} />
      </main>
    </div>
  );
}
