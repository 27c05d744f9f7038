// "Profil desa": the fixed profile pages (sambutan, sejarah, …) and free
// pages, written in the same rich-text editor as the news.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { dokKosong, keTiptap } from '../dokumen';
import { LABEL_SLOT, LABEL_STATUS_AGENDA, waktu } from '../format';
import type { HalamanProfil, HalamanRingkas, Simpul, SlotHalaman, StatusHalaman } from '../jenis';
import { bolehTerbit, useAplikasi } from '../konteks';
import { gantiAlamat, pergi } from '../rute';
import { EditorIsi, type KendaliEditor } from '../komponen/EditorIsi';
import {
  BilahSimpan,
  IsiData,
  Isian,
  JudulHalaman,
  KotakGalat,
  KotakInfo,
  Lencana,
  Pilihan,
  TautanKembali,
  TombolHapus,
  useData,
  useSimpan,
} from '../komponen/ui';

const URUTAN_SLOT = Object.keys(LABEL_SLOT) as SlotHalaman[];

function namaHalaman(h: { slot: SlotHalaman | null; judul: string }): string {
  return (h.slot && LABEL_SLOT[h.slot]) || h.judul.trim() || '(Tanpa judul)';
}

export function ProfilDaftar() {
  const { akun } = useAplikasi();
  const d = useData((signal) => api.get<HalamanRingkas[]>('/api/halaman', { signal }));
  const kartu = (h: HalamanRingkas) => {
    const nama = namaHalaman(h);
    return (
      <li key={h.id} class="kartu">
        <h3 class="judul-kartu">
          <a href={`#/profil/${h.id}`}>{nama}</a>
        </h3>
        <p class="meta">
          <Lencana jenis={h.status}>{LABEL_STATUS_AGENDA[h.status] ?? h.status}</Lencana> Diubah {waktu(h.diubah)}
        </p>
        {h.slot && h.judul.trim() && h.judul.trim() !== nama ? <p class="meta">Judul di website: {h.judul}</p> : null}
      </li>
    );
  };
  return (
    <>
      <JudulHalaman>Profil desa</JudulHalaman>
      <p class="sub">Halaman tentang desa di website: sambutan, sejarah, visi & misi, dan lainnya.</p>
      <IsiData d={d}>
        {(semua) => {
          const l = Array.isArray(semua) ? semua : [];
          const tetap = l
            .filter((h) => h.slot)
            .sort((a, b) => URUTAN_SLOT.indexOf(a.slot as SlotHalaman) - URUTAN_SLOT.indexOf(b.slot as SlotHalaman));
          const bebas = l.filter((h) => !h.slot).sort((a, b) => a.judul.localeCompare(b.judul, 'id'));
          return (
            <>
              <h2>Halaman tetap</h2>
              {tetap.length ? <ul class="daftar-kartu">{tetap.map(kartu)}</ul> : <p class="kosong">Belum ada halaman tetap.</p>}
              <h2>Halaman lain</h2>
              {bolehTerbit(akun.peran) ? (
                <div class="aksi-besar">
                  <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => pergi('/profil/baru')}>
                    Tambah halaman
                  </button>
                </div>
              ) : null}
              {bebas.length ? (
                <ul class="daftar-kartu">{bebas.map(kartu)}</ul>
              ) : (
                <p class="kosong">Belum ada halaman lain, misalnya tentang potensi wisata atau tata cara layanan.</p>
              )}
            </>
          );
        }}
      </IsiData>
    </>
  );
}

interface FormHalaman {
  judul: string;
  isi: Simpul;
  status: StatusHalaman;
}

export function HalamanEditor({ idAwal }: { idAwal: number | null }) {
  const { akun, umumkan } = useAplikasi();
  const penerbit = bolehTerbit(akun.peran);
  const [id, aturId] = useState<number | null>(idAwal);
  const [item, aturItem] = useState<HalamanProfil | null>(null);
  const [f, aturF] = useState<FormHalaman>({ judul: '', isi: dokKosong(), status: 'draft' });
  const [konflik, aturKonflik] = useState(false);
  const [isiTerkunci, aturIsiTerkunci] = useState(false);
  const [sibuk, aturSibuk] = useState(false);
  const s = useSimpan();
  const fRef = useRef(f);
  const versi = useRef<number | null>(null);
  const kendali = useRef<KendaliEditor | null>(null);
  const nomorUbah = useRef(0);
  const nomorTersimpan = useRef(0);

  const terapkan = (h: HalamanProfil) => {
    aturItem(h);
    versi.current = h.versi;
    const nf: FormHalaman = { judul: h.judul ?? '', isi: keTiptap(h.isi), status: h.status };
    fRef.current = nf;
    aturF(nf);
    nomorTersimpan.current = nomorUbah.current;
  };

  const d = useData(async (signal) => {
    if (idAwal === null) return null;
    const h = await api.get<HalamanProfil>(`/api/halaman/${idAwal}`, { signal });
    terapkan(h);
    return h;
  });

  const ubah = (p: Partial<FormHalaman>) => {
    const nf = { ...fRef.current, ...p };
    fRef.current = nf;
    aturF(nf);
    nomorUbah.current++;
    s.berubah();
  };

  // Closing the tab with unsaved changes asks first.
  useEffect(() => {
    const tahan = (e: BeforeUnloadEvent) => {
      if (nomorUbah.current !== nomorTersimpan.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', tahan);
    return () => window.removeEventListener('beforeunload', tahan);
  }, []);

  const simpan = async () => {
    const form = fRef.current;
    if (!form.judul.trim()) {
      s.tolak({ judul: 'Judul wajib diisi.' }, () => 'Judul');
      document.getElementById('halaman-judul')?.focus();
      return;
    }
    const body = {
      judul: form.judul.trim(),
      isi: isiTerkunci && item ? item.isi : form.isi,
      status: form.status,
    };
    const nomor = nomorUbah.current;
    const hasil = await s.jalankan(
      () =>
        id === null
          ? api.post<HalamanProfil>('/api/halaman', body)
          : api.put<HalamanProfil>(`/api/halaman/${id}`, { ...body, versi: versi.current }),
      (e) => {
        if (!(e instanceof ApiError && e.status === 409)) return false;
        aturKonflik(true);
        return true;
      },
    );
    if (!hasil) return;
    aturItem(hasil);
    versi.current = hasil.versi;
    nomorTersimpan.current = nomor;
    if (id === null) {
      aturId(hasil.id);
      gantiAlamat(`/profil/${hasil.id}`);
    }
    // Take what the server decided about the status.
    if (hasil.status && hasil.status !== fRef.current.status) {
      const nf = { ...fRef.current, status: hasil.status };
      fRef.current = nf;
      aturF(nf);
    }
  };

  const kirim = (e: Event) => {
    e.preventDefault();
    void simpan();
  };

  /** After a conflict: take the newest version from the server, dropping mine. */
  const pakaiServer = async () => {
    if (id === null) return;
    if (!window.confirm('Ganti tulisan Anda dengan versi terbaru dari server? Perubahan Anda yang belum tersimpan akan hilang.')) return;
    aturSibuk(true);
    try {
      const h = await api.get<HalamanProfil>(`/api/halaman/${id}`);
      terapkan(h);
      if (kendali.current && !kendali.current.ganti(h.isi, false)) s.aturGalat('Isi halaman tidak bisa dibuka di editor.');
      aturKonflik(false);
      umumkan('Versi terbaru dimuat.');
    } catch (e) {
      s.aturGalat('Gagal memuat ulang: ' + pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };

  /** After a conflict: save mine over the newest version. */
  const timpa = async () => {
    if (id === null) return;
    aturSibuk(true);
    try {
      const h = await api.get<HalamanProfil>(`/api/halaman/${id}`);
      versi.current = h.versi;
      aturKonflik(false);
    } catch (e) {
      s.aturGalat('Gagal memuat versi terbaru: ' + pesanGalat(e));
      return;
    } finally {
      aturSibuk(false);
    }
    await simpan();
  };

  const konflikKotak = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (konflik) konflikKotak.current?.focus();
  }, [konflik]);

  const slot = item?.slot ?? null;
  const judulHalaman = slot ? LABEL_SLOT[slot] : id === null ? 'Tambah halaman' : 'Ubah halaman';
  const hanyaBaca = !penerbit;

  const form = (
    <form class="form-berita" onSubmit={kirim} noValidate>
      {item ? (
        <p class="meta">
          <Lencana jenis={item.status}>{LABEL_STATUS_AGENDA[item.status] ?? item.status}</Lencana>
          {slot ? ' Halaman tetap — selalu ada di website dan tidak bisa dihapus.' : ''}
        </p>
      ) : null}
      {hanyaBaca ? (
        <KotakInfo>
          <p>Halaman profil hanya bisa diubah oleh admin desa atau editor. Anda bisa membaca isinya di sini.</p>
        </KotakInfo>
      ) : null}
      <KotakGalat pesan={s.galat} />
      {konflik ? (
        <div class="kotak kotak-galat" role="alert" tabIndex={-1} ref={konflikKotak}>
          <p>
            Halaman ini sudah disimpan orang lain setelah Anda membukanya. Pilih: simpan tulisan Anda di atas versi
            itu, atau buang tulisan Anda dan muat versi terbaru.
          </p>
          <div class="deret-tombol">
            <button type="button" class="tombol tombol-utama" onClick={() => void timpa()} disabled={sibuk || s.mengirim}>
              Simpan tulisan saya
            </button>
            <button type="button" class="tombol tombol-kedua" onClick={() => void pakaiServer()} disabled={sibuk || s.mengirim}>
              Muat versi terbaru
            </button>
          </div>
        </div>
      ) : null}
      <Isian
        id="halaman-judul"
        label="Judul"
        nilai={f.judul}
        ubah={(v) => ubah({ judul: v })}
        galat={s.kolom.judul}
        wajib
        maxLength={200}
        autocomplete="off"
        disabled={hanyaBaca}
      />
      <EditorIsi
        id="isi-halaman"
        label="Isi halaman"
        petunjuk="Tulis isi halaman di sini. Pilih tulisan lalu tekan tombol di atas untuk menebalkan, membuat subjudul, atau memasang tautan."
        isiAwal={f.isi}
        ubah={(doc) => ubah({ isi: doc })}
        galat={s.kolom.isi}
        hanyaBaca={hanyaBaca}
        pesanTerkunci="Isi halaman ini memuat bagian yang tidak bisa dibuka di editor. Judul dan status tetap bisa diubah; isinya tidak akan diubah saat Anda menyimpan."
        saatTerkunci={() => aturIsiTerkunci(true)}
        kendali={kendali}
      />
      <Pilihan
        id="halaman-status"
        label="Status"
        nilai={f.status}
        ubah={(v) => ubah({ status: v as StatusHalaman })}
        opsi={[
          { nilai: 'draft', label: 'Draf' },
          { nilai: 'published', label: 'Terbit', nonaktif: !penerbit },
        ]}
        galat={s.kolom.status}
        petunjuk="Draf hanya terlihat oleh pengelola. Terbit langsung tampil di website."
        disabled={hanyaBaca}
      />
      {!hanyaBaca ? <BilahSimpan keadaan={s.keadaan} mengirim={s.mengirim} nonaktif={sibuk} /> : null}
      {id !== null && item && !slot && penerbit ? (
        <section class="aksi-lain" aria-labelledby="judul-aksi-lain">
          <h2 id="judul-aksi-lain">Tindakan lain</h2>
          <TombolHapus
            jalur={`/api/halaman/${id}`}
            nama={f.judul || 'Halaman'}
            label="Hapus halaman"
            tanya={`Hapus halaman “${f.judul || 'tanpa judul'}”? Halaman ini akan hilang dari website dan tidak bisa dipulihkan.`}
            saatTerhapus={() => {
              nomorTersimpan.current = nomorUbah.current;
              pergi('/profil');
            }}
          />
        </section>
      ) : null}
    </form>
  );

  return (
    <>
      <TautanKembali href="#/profil">Profil desa</TautanKembali>
      <JudulHalaman>{judulHalaman}</JudulHalaman>
      {idAwal === null ? form : <IsiData d={d}>{() => form}</IsiData>}
    </>
  );
}
