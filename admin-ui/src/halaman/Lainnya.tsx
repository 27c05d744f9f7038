import { bolehKelola, bolehTerbit, useAplikasi } from '../konteks';
import { LABEL_PERAN } from '../format';
import { JudulHalaman } from '../komponen/ui';

export function Lainnya() {
  const { akun, keluar } = useAplikasi();
  return (
    <>
      <JudulHalaman>Lainnya</JudulHalaman>
      <p class="sub">
        Masuk sebagai <strong>{akun.nama}</strong> ({LABEL_PERAN[akun.peran] ?? akun.peran}) di {akun.desa?.label}.
      </p>
      <ul class="daftar-menu">
        {bolehTerbit(akun.peran) ? (
          <li>
            <a href="#/komentar">
              Komentar <span class="keterangan-menu">Setujui atau tolak komentar warga</span>
            </a>
          </li>
        ) : null}
        {bolehKelola(akun.peran) ? (
          <>
            <li>
              <a href="#/pengaturan">
                Pengaturan <span class="keterangan-menu">Tampilan website, logo, dan warna</span>
              </a>
            </li>
            <li>
              <a href="#/pengguna">
                Pengguna <span class="keterangan-menu">Akun perangkat desa yang boleh mengelola website</span>
              </a>
            </li>
          </>
        ) : null}
        <li>
          <a href="#/akun">
            Akun saya <span class="keterangan-menu">Kata sandi dan verifikasi dua langkah</span>
          </a>
        </li>
        {akun.desa ? (
          <li>
            <a href={akun.desa.url} target="_blank" rel="noopener noreferrer">
              Lihat website <span class="keterangan-menu">Membuka website desa di tab baru</span>
            </a>
          </li>
        ) : null}
      </ul>
      <button type="button" class="tombol tombol-bahaya tombol-penuh" onClick={() => void keluar()}>
        Keluar
      </button>
    </>
  );
}
