import { bolehKelola, bolehTerbit, useAplikasi } from '../konteks';
import { LABEL_PERAN } from '../format';
import { ItemMenu, JudulHalaman } from '../komponen/ui';

export function Lainnya() {
  const { akun, keluar } = useAplikasi();
  return (
    <>
      <JudulHalaman>Lainnya</JudulHalaman>
      <p class="sub">
        Masuk sebagai <strong>{akun.nama}</strong> ({LABEL_PERAN[akun.peran] ?? akun.peran}) di {akun.desa?.label}.
      </p>
      <h2 class="judul-menu">Isi website</h2>
      <ul class="daftar-menu">
        <ItemMenu
          id="profil"
          href="#/profil"
          judul="Profil desa"
          keterangan="Sambutan, sejarah, visi & misi, struktur pemerintahan"
        />
        <ItemMenu
          id="data"
          href="#/data"
          judul="Data desa"
          keterangan="Perangkat, lembaga, sekolah, potensi, penduduk, APBDes, kontak"
        />
        <ItemMenu id="galeri" href="#/galeri" judul="Galeri" keterangan="Album dan foto kegiatan desa" />
        <ItemMenu id="dokumen" href="#/dokumen" judul="Dokumen" keterangan="Peraturan desa dan informasi publik untuk diunduh" />
        <ItemMenu id="menu-situs" href="#/data/menu" judul="Menu situs" keterangan="Tautan di menu atas website desa" />
        {bolehTerbit(akun.peran) ? (
          <ItemMenu id="komentar" href="#/komentar" judul="Komentar" keterangan="Setujui atau tolak komentar warga" />
        ) : null}
      </ul>
      <h2 class="judul-menu">Akun dan pengaturan</h2>
      <ul class="daftar-menu">
        {bolehKelola(akun.peran) ? (
          <>
            <ItemMenu id="pengaturan" href="#/pengaturan" judul="Pengaturan" keterangan="Tampilan website, logo, dan warna" />
            <ItemMenu
              id="pengguna"
              href="#/pengguna"
              judul="Pengguna"
              keterangan="Akun perangkat desa yang boleh mengelola website"
            />
          </>
        ) : null}
        {akun.peran === 'admin_desa' ? (
          <ItemMenu
            id="aktivitas"
            href="#/aktivitas"
            judul="Catatan aktivitas"
            keterangan="Siapa mengubah apa di website desa, dan kapan"
          />
        ) : null}
        <ItemMenu id="akun" href="#/akun" judul="Akun saya" keterangan="Kata sandi dan verifikasi dua langkah" />
        <ItemMenu
          id="bantuan"
          href="#/bantuan"
          judul="Bantuan Diskominfo"
          keterangan="Tanyakan kendala atau laporkan masalah, lengkap dengan tangkapan layar"
        />
        {akun.desa ? (
          <ItemMenu
            id="lihat-website"
            href={akun.desa.url}
            judul="Lihat website"
            keterangan="Membuka website desa di tab baru"
            tabBaru
          />
        ) : null}
      </ul>
      <button type="button" class="tombol tombol-bahaya tombol-penuh" onClick={() => void keluar()}>
        Keluar
      </button>
    </>
  );
}
