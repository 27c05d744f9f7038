// The Diskominfo console (superadmin, operator_diskominfo, viewer_kecamatan):
// its own layout and menu, hash routes like the village UI. This module and
// its screens are one chunk, loaded only for these accounts.
import { useEffect, useRef } from 'preact/hooks';
import { LABEL_PERAN } from '../format';
import { useAplikasi } from '../konteks';
import { useRute, type Rute } from '../rute';
import { AkunSaya } from '../halaman/AkunSaya';
import { JudulHalaman } from '../komponen/ui';
import { useHak, type Hak } from './bersama';
import { RingkasanDesa } from './RingkasanDesa';
import { HalamanKecamatan } from './Kecamatan';
import { HalamanDetailDesa } from './DetailDesa';
import { TiketDaftar, TiketDetail } from './Tiket';
import { Moderasi } from './Moderasi';
import { HalamanTindakLanjut } from './TindakLanjut';
import { HalamanPengumuman } from './Pengumuman';
import { TambahDesa } from './TambahDesa';
import { KodeWilayah } from './KodeWilayah';
import { HalamanTemplat } from './Templat';
import { HalamanIstilah } from './Istilah';

type Menu =
  | 'ringkasan'
  | 'kecamatan'
  | 'tiket'
  | 'moderasi'
  | 'tindak-lanjut'
  | 'pengumuman'
  | 'tambah-desa'
  | 'kode-wilayah'
  | 'templat'
  | 'istilah'
  | 'akun';

const MENU: { id: Menu; label: string; href: string; boleh?: (h: Hak) => boolean }[] = [
  { id: 'ringkasan', label: 'Ringkasan desa', href: '#/' },
  { id: 'kecamatan', label: 'Kecamatan', href: '#/kecamatan' },
  { id: 'tiket', label: 'Tiket', href: '#/tiket' },
  { id: 'moderasi', label: 'Moderasi', href: '#/moderasi' },
  { id: 'tindak-lanjut', label: 'Tindak lanjut', href: '#/tindak-lanjut' },
  { id: 'pengumuman', label: 'Pengumuman', href: '#/pengumuman' },
  { id: 'tambah-desa', label: 'Tambah desa', href: '#/tambah-desa', boleh: (h) => h.superadmin },
  { id: 'kode-wilayah', label: 'Kode wilayah', href: '#/kode-wilayah', boleh: (h) => h.superadmin },
  { id: 'templat', label: 'Templat', href: '#/templat', boleh: (h) => h.superadmin },
  { id: 'istilah', label: 'Istilah judol', href: '#/istilah', boleh: (h) => h.tulis },
  { id: 'akun', label: 'Akun saya', href: '#/akun' },
];

function menuAktif(rute: Rute): Menu | null {
  const a = rute.jalur[0];
  if (!a || a === 'desa') return 'ringkasan';
  return MENU.some((m) => m.id === a) ? (a as Menu) : null;
}

function Halaman({ rute }: { rute: Rute }) {
  const hak = useHak();
  const [a, b] = rute.jalur;
  const id = b && /^\d+$/.test(b) ? Number(b) : null;
  switch (a) {
    case undefined:
      return <RingkasanDesa rute={rute} />;
    case 'desa':
      return id ? <HalamanDetailDesa key={id} id={id} /> : <RingkasanDesa rute={rute} />;
    case 'kecamatan':
      return <HalamanKecamatan />;
    case 'tiket':
      return id ? <TiketDetail key={id} id={id} /> : <TiketDaftar rute={rute} />;
    case 'moderasi':
      return <Moderasi rute={rute} />;
    case 'tindak-lanjut':
      return <HalamanTindakLanjut />;
    case 'pengumuman':
      return <HalamanPengumuman />;
    case 'tambah-desa':
      return hak.superadmin ? <TambahDesa /> : <TidakBoleh />;
    case 'kode-wilayah':
      return hak.superadmin ? <KodeWilayah /> : <TidakBoleh />;
    case 'templat':
      return hak.superadmin ? <HalamanTemplat /> : <TidakBoleh />;
    case 'istilah':
      return hak.tulis ? <HalamanIstilah /> : <TidakBoleh />;
    case 'akun':
      return <AkunSaya konsol />;
    default:
      return <TidakAda />;
  }
}

function TidakAda() {
  return (
    <>
      <JudulHalaman>Halaman tidak ditemukan</JudulHalaman>
      <p>
        Alamat ini tidak ada di konsol. <a href="#/">Kembali ke Ringkasan desa</a>
      </p>
    </>
  );
}

function TidakBoleh() {
  return (
    <>
      <JudulHalaman>Tidak ada akses</JudulHalaman>
      <p>Halaman ini tidak tersedia untuk peran akun Anda.</p>
      <p>
        <a href="#/">Kembali ke Ringkasan desa</a>
      </p>
    </>
  );
}

export function Konsol() {
  const { akun, keluar } = useAplikasi();
  const hak = useHak();
  const rute = useRute();
  const aktif = menuAktif(rute);
  const main = useRef<HTMLElement>(null);
  const pertama = useRef(true);

  // After each navigation: back to the top, focus on the new page's heading.
  const jalurSaja = rute.jalur.join('/');
  useEffect(() => {
    if (pertama.current) {
      pertama.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  }, [jalurSaja]);

  const cakupan = hak.pemantau ? `Kecamatan ${akun.kecamatan?.nama ?? ''}`.trim() : 'Diskominfo';

  return (
    <div class="kerangka-konsol">
      <button type="button" class="lewati" onClick={() => main.current?.querySelector<HTMLElement>('h1')?.focus()}>
        Langsung ke isi halaman
      </button>
      <header class="bilah-atas bilah-konsol">
        <a class="merek" href="#/">
          Balai
        </a>
        <span class="nama-desa">Konsol {cakupan}</span>
        <span class="akun-atas">
          {akun.nama}
          <span class="sr"> ({LABEL_PERAN[akun.peran] ?? akun.peran})</span>
        </span>
        <button type="button" class="tombol-atas" onClick={() => void keluar()}>
          Keluar
        </button>
      </header>
      <div class="tata-konsol">
        <nav class="navigasi-konsol" aria-label="Menu konsol">
          <ul>
            {MENU.filter((m) => !m.boleh || m.boleh(hak)).map((m) => (
              <li key={m.id}>
                <a href={m.href} aria-current={aktif === m.id ? 'page' : undefined}>
                  {m.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main class="isi isi-konsol" ref={main} id="isi">
          <Halaman rute={rute} />
        </main>
      </div>
    </div>
  );
}
