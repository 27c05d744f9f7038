// Write or edit one news item. The rich-text editor itself is a lazily
// loaded chunk (see EditorIsi); everything about saving (status line, local copies, the
// offline queue, 30-second draft autosave, version conflicts) lives here.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { dokKosong, dokKosongIsi, keTiptap } from '../dokumen';
import { LABEL_STATUS_BERITA, dariInputWaktu, keInputWaktu, waktu } from '../format';
import type { Berita, IsiRevisi, Kategori, Revisi, Simpul, StatusBerita } from '../jenis';
import { bolehTerbit, useAplikasi } from '../konteks';
import {
  bacaSalinan,
  hapusSalinan,
  keBody,
  kunciBerita,
  kunciTerbuka,
  tulisSalinan,
  type FormBerita,
  type SalinanLokal,
} from '../lokal';
import { gantiAlamat, pergi } from '../rute';
import { EditorIsi, type KendaliEditor } from '../komponen/EditorIsi';
import { PilihGambar } from '../komponen/PilihGambar';
import { TampilanDok } from '../komponen/TampilanDok';
import {
  Area,
  BarisSimpan,
  Isian,
  KotakGalat,
  KotakInfo,
  Lencana,
  Memuat,
  Pilihan,
  type KeadaanSimpan,
} from '../komponen/ui';

const SIMPAN_LOKAL_MS = 2000;
const SIMPAN_OTOMATIS_MS = 30000;

function formKosong(): FormBerita {
  return {
    judul: '',
    ringkasan: '',
    isi: dokKosong(),
    kategori_id: null,
    sampul: null,
    sampul_alt: '',
    status: 'draft',
    terbit: null,
  };
}

function dariServer(b: Berita): FormBerita {
  return {
    judul: b.judul ?? '',
    ringkasan: b.ringkasan ?? '',
    isi: keTiptap(b.isi),
    kategori_id: b.kategori_id ?? null,
    sampul: b.sampul ?? null,
    sampul_alt: b.sampul_alt ?? '',
    status: b.status,
    terbit: b.terbit ?? null,
  };
}

/** JSON with sorted keys and without null/empty attrs, to compare bodies from different sources. */
function kanonik(v: unknown): string {
  const rapikan = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(rapikan);
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const n = rapikan((x as Record<string, unknown>)[k]);
        if (n === null || n === undefined) continue;
        if (typeof n === 'object' && !Array.isArray(n) && Object.keys(n as object).length === 0) continue;
        o[k] = n;
      }
      return o;
    }
    return x;
  };
  return JSON.stringify(rapikan(v));
}

function samaForm(a: FormBerita, b: FormBerita): boolean {
  return (
    kanonik({ ...a, isi: keTiptap(a.isi), sampul: a.sampul?.key ?? null }) ===
    kanonik({ ...b, isi: keTiptap(b.isi), sampul: b.sampul?.key ?? null })
  );
}

function adaIsi(f: FormBerita): boolean {
  return Boolean(f.judul.trim() || f.ringkasan.trim() || !dokKosongIsi(f.isi) || f.sampul);
}

const NAMA_KOLOM: Record<string, string> = {
  judul: 'Judul',
  ringkasan: 'Ringkasan',
  isi: 'Isi berita',
  kategori_id: 'Kategori',
  sampul: 'Gambar sampul',
  sampul_alt: 'Keterangan gambar sampul',
  status: 'Status',
  terbit: 'Tanggal dan jam terbit',
};

const ID_KOLOM: Record<string, string> = {
  judul: 'berita-judul',
  ringkasan: 'berita-ringkasan',
  isi: 'isi-berita',
  kategori_id: 'berita-kategori',
  sampul: 'berita-sampul',
  sampul_alt: 'berita-sampul-alt',
  status: 'berita-status',
  terbit: 'berita-terbit',
};

function periksa(f: FormBerita): Record<string, string> {
  const k: Record<string, string> = {};
  if (!f.judul.trim()) k.judul = 'Judul wajib diisi.';
  if (f.status === 'scheduled') {
    if (!f.terbit) k.terbit = 'Pilih tanggal dan jam terbit untuk berita terjadwal.';
    else if (new Date(f.terbit).getTime() <= Date.now()) k.terbit = 'Waktu terbit harus setelah saat ini.';
  }
  if ((f.status === 'published' || f.status === 'scheduled' || f.status === 'pending') && dokKosongIsi(f.isi)) {
    k.isi = 'Isi berita masih kosong.';
  }
  if (f.sampul && !f.sampul_alt.trim()) k.sampul_alt = 'Tulis keterangan singkat tentang isi gambar sampul.';
  return k;
}

export function BeritaEditor({ idAwal }: { idAwal: number | null }) {
  const { akun, umumkan } = useAplikasi();
  const [id, aturId] = useState<number | null>(idAwal);
  const [item, aturItem] = useState<Berita | null>(null);
  const [f, aturF] = useState<FormBerita>(formKosong);
  const [muat, aturMuat] = useState<'memuat' | 'siap' | 'galat'>(idAwal === null ? 'siap' : 'memuat');
  const [galatMuat, aturGalatMuat] = useState<string | null>(null);
  const [kategori, aturKategori] = useState<Kategori[]>([]);
  const [simpan, aturSimpan] = useState<KeadaanSimpan>({ k: 'diam' });
  const [sedangKirim, aturSedangKirim] = useState(false);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [galat, aturGalat] = useState<string | null>(null);
  const [konflik, aturKonflik] = useState(false);
  const [tawaran, aturTawaran] = useState<SalinanLokal | null>(null);
  const [isiTerkunci, aturIsiTerkunci] = useState(false);
  const [riwayat, aturRiwayat] = useState(false);
  const [sibuk, aturSibuk] = useState<null | 'hapus' | 'pulihkan' | 'pratinjau'>(null);
  const [tautanPratinjau, aturTautanPratinjau] = useState<string | null>(null);

  // Refs: the timers and event handlers below must see the latest values.
  const idRef = useRef<number | null>(idAwal);
  const itemRef = useRef<Berita | null>(null);
  const versiRef = useRef<number | null>(null);
  const fRef = useRef<FormBerita>(f);
  const nomorUbah = useRef(0);
  const nomorTersimpan = useRef(0);
  const menyimpan = useRef(false);
  const antri = useRef(false);
  const konflikRef = useRef(false);
  const tawaranRef = useRef<SalinanLokal | null>(null);
  const timerLokal = useRef<number | null>(null);
  const kunciRef = useRef(kunciBerita(akun.id, idAwal ?? 'baru'));
  const kendaliRef = useRef<KendaliEditor | null>(null);
  const isiServerRef = useRef<Simpul | null>(null);
  tawaranRef.current = tawaran;
  konflikRef.current = konflik;

  const tulisLokal = (masukAntri: boolean) => {
    if (timerLokal.current !== null) {
      clearTimeout(timerLokal.current);
      timerLokal.current = null;
    }
    if (tawaranRef.current) return; // never overwrite a copy the person has not decided about yet
    const ok = tulisSalinan(kunciRef.current, {
      form: fRef.current,
      versi: versiRef.current,
      waktu: Date.now(),
      antri: masukAntri || antri.current,
    });
    if (!ok && masukAntri) {
      aturSimpan({ k: 'galat', pesan: 'Koneksi terputus dan memori perangkat penuh: perubahan belum aman. Jangan tutup halaman ini.' });
    }
  };

  const ubah = (patch: Partial<FormBerita>) => {
    const nf = { ...fRef.current, ...patch };
    fRef.current = nf;
    aturF(nf);
    nomorUbah.current++;
    aturSimpan((s) => (s.k === 'diam' || s.k === 'tersimpan' ? { k: 'berubah' } : s));
    if (timerLokal.current === null) {
      timerLokal.current = window.setTimeout(() => {
        timerLokal.current = null;
        tulisLokal(false);
      }, SIMPAN_LOKAL_MS);
    }
  };

  const terapkanServer = (b: Berita, gantiForm: boolean) => {
    aturItem(b);
    itemRef.current = b;
    versiRef.current = b.versi;
    isiServerRef.current = b.isi;
    if (gantiForm) {
      const nf = dariServer(b);
      fRef.current = nf;
      aturF(nf);
    }
  };

  const tawarkanSalinan = (server: FormBerita | null) => {
    const lokal = bacaSalinan(kunciRef.current);
    if (!lokal) return;
    if (server ? samaForm(lokal.form, server) : !adaIsi(lokal.form)) {
      hapusSalinan(kunciRef.current);
      return;
    }
    aturTawaran(lokal);
  };

  // First load.
  useEffect(() => {
    const ac = new AbortController();
    api.get<Kategori[]>('/api/kategori', { signal: ac.signal }).then(
      (k) => aturKategori(Array.isArray(k) ? k : []),
      () => undefined,
    );
    if (idAwal === null) {
      tawarkanSalinan(null);
    } else {
      api.get<Berita>(`/api/berita/${idAwal}`, { signal: ac.signal }).then(
        (b) => {
          terapkanServer(b, true);
          tawarkanSalinan(dariServer(b));
          aturMuat('siap');
        },
        (e) => {
          if (ac.signal.aborted) return;
          aturGalatMuat(pesanGalat(e));
          aturMuat('galat');
        },
      );
    }
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const simpanKeServer = async (otomatis: boolean) => {
    if (menyimpan.current) return;
    const form = fRef.current;
    const salah = periksa(form);
    if (Object.keys(salah).length) {
      if (otomatis) return;
      aturKolom(salah);
      const nama = Object.keys(salah).map((k) => NAMA_KOLOM[k] ?? k);
      aturGalat(`Belum disimpan. Periksa: ${nama.join(', ')}.`);
      aturSimpan({ k: 'galat', pesan: 'Belum disimpan: periksa isian yang ditandai.' });
      return;
    }
    const body = keBody(form);
    if (isiTerkunci && isiServerRef.current) body.isi = isiServerRef.current;
    if (!navigator.onLine) {
      antri.current = true;
      tulisLokal(true);
      aturSimpan({ k: 'antri' });
      return;
    }
    menyimpan.current = true;
    aturSedangKirim(true);
    aturSimpan({ k: 'menyimpan' });
    aturGalat(null);
    aturKolom({});
    const nomor = nomorUbah.current;
    try {
      const hasil =
        idRef.current === null
          ? await api.post<Berita>('/api/berita', body)
          : await api.put<Berita>(`/api/berita/${idRef.current}`, { ...body, versi: versiRef.current });
      antri.current = false;
      if (idRef.current === null) {
        hapusSalinan(kunciRef.current);
        kunciTerbuka.delete(kunciRef.current);
        idRef.current = hasil.id;
        kunciRef.current = kunciBerita(akun.id, hasil.id);
        kunciTerbuka.add(kunciRef.current);
        aturId(hasil.id);
        gantiAlamat(`/berita/${hasil.id}`);
      }
      terapkanServer(hasil, false);
      nomorTersimpan.current = nomor;
      if (nomorUbah.current === nomor) {
        if (timerLokal.current !== null) clearTimeout(timerLokal.current);
        timerLokal.current = null;
        hapusSalinan(kunciRef.current);
        // Take what the server decided (e.g. a contributor's item becomes "pending").
        const nf = { ...fRef.current, status: hasil.status, terbit: hasil.terbit ?? null, sampul: hasil.sampul ?? null };
        fRef.current = nf;
        aturF(nf);
      } else {
        tulisLokal(false);
      }
      aturSimpan({ k: 'tersimpan', waktu: new Date(), otomatis });
      if (hasil.status !== body.status) {
        umumkan(`Status berita sekarang: ${LABEL_STATUS_BERITA[hasil.status] ?? hasil.status}.`);
      }
    } catch (e) {
      if (e instanceof ApiError && (e.jaringan || !navigator.onLine)) {
        antri.current = true;
        tulisLokal(true);
        aturSimpan({ k: 'antri' });
      } else if (e instanceof ApiError && e.status === 409) {
        tulisLokal(false);
        aturKonflik(true);
        aturSimpan({ k: 'galat', pesan: 'Gagal menyimpan: berita ini sudah diubah orang lain. Lihat pesan di atas.' });
      } else {
        tulisLokal(false);
        const pesan = 'Gagal menyimpan: ' + pesanGalat(e);
        if (e instanceof ApiError) aturKolom(e.kolom);
        aturSimpan({ k: 'galat', pesan });
        if (!otomatis) aturGalat(pesan);
      }
    } finally {
      menyimpan.current = false;
      aturSedangKirim(false);
    }
  };
  const simpanRef = useRef(simpanKeServer);
  simpanRef.current = simpanKeServer;

  // Timers and events: retry when back online, autosave drafts, keep a local copy on leave.
  useEffect(() => {
    kunciTerbuka.add(kunciRef.current);
    const saatDaring = () => {
      if (antri.current) void simpanRef.current(false);
    };
    const otomatis = setInterval(() => {
      const form = fRef.current;
      const statusServer = itemRef.current?.status ?? 'draft';
      if (
        form.status === 'draft' &&
        statusServer === 'draft' &&
        nomorUbah.current !== nomorTersimpan.current &&
        !antri.current &&
        !konflikRef.current &&
        !tawaranRef.current &&
        navigator.onLine &&
        form.judul.trim()
      ) {
        void simpanRef.current(true);
      }
    }, SIMPAN_OTOMATIS_MS);
    const amankan = () => {
      if (nomorUbah.current !== nomorTersimpan.current) tulisLokal(false);
    };
    const saatTersembunyi = () => {
      if (document.visibilityState === 'hidden') amankan();
    };
    window.addEventListener('online', saatDaring);
    window.addEventListener('pagehide', amankan);
    document.addEventListener('visibilitychange', saatTersembunyi);
    return () => {
      amankan();
      if (timerLokal.current !== null) clearTimeout(timerLokal.current);
      clearInterval(otomatis);
      kunciTerbuka.delete(kunciRef.current);
      window.removeEventListener('online', saatDaring);
      window.removeEventListener('pagehide', amankan);
      document.removeEventListener('visibilitychange', saatTersembunyi);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const gantiIsiEditor = (isi: Simpul) => {
    if (kendaliRef.current && !kendaliRef.current.ganti(isi, true)) aturGalat('Isi versi ini tidak bisa dibuka di editor.');
  };

  const pulihkanSalinan = () => {
    const l = tawaran;
    if (!l) return;
    aturTawaran(null);
    tawaranRef.current = null;
    ubah({ ...l.form });
    gantiIsiEditor(l.form.isi);
    aturSimpan({ k: 'berubah' });
    umumkan('Salinan di perangkat ini sudah dipulihkan. Tekan Simpan untuk mengirimnya.');
  };

  const buangSalinan = () => {
    if (!window.confirm('Buang salinan di perangkat ini? Perubahan di salinan itu akan hilang.')) return;
    hapusSalinan(kunciRef.current);
    aturTawaran(null);
  };

  const muatUlangServer = async () => {
    if (idRef.current === null) return;
    aturSibuk('pulihkan');
    try {
      const b = await api.get<Berita>(`/api/berita/${idRef.current}`);
      terapkanServer(b, true);
      gantiIsiTanpaUbah(b.isi);
      nomorTersimpan.current = nomorUbah.current;
      aturKonflik(false);
      aturGalat(null);
      aturKolom({});
      aturSimpan({ k: 'diam' });
      tawarkanSalinan(dariServer(b));
    } catch (e) {
      aturGalat('Gagal memuat ulang: ' + pesanGalat(e));
    } finally {
      aturSibuk(null);
    }
  };

  const gantiIsiTanpaUbah = (isi: Simpul) => {
    if (kendaliRef.current && !kendaliRef.current.ganti(isi, false)) aturGalat('Isi berita tidak bisa dibuka di editor.');
  };

  const pratinjau = async () => {
    if (idRef.current === null) return;
    // Open the tab now, inside the tap, so pop-up blockers allow it.
    const jendela = window.open('', '_blank');
    aturSibuk('pratinjau');
    aturTautanPratinjau(null);
    try {
      const r = await api.post<{ url: string }>(`/api/berita/${idRef.current}/pratinjau`);
      if (nomorUbah.current !== nomorTersimpan.current) {
        umumkan('Pratinjau menampilkan versi yang terakhir disimpan. Simpan dulu untuk melihat perubahan terbaru.');
      }
      if (jendela) {
        jendela.opener = null;
        jendela.location.href = r.url;
      } else {
        aturTautanPratinjau(r.url);
      }
    } catch (e) {
      jendela?.close();
      aturGalat('Gagal membuat pratinjau: ' + pesanGalat(e));
    } finally {
      aturSibuk(null);
    }
  };

  const keSampah = async () => {
    if (idRef.current === null) return;
    if (!window.confirm('Pindahkan berita ini ke Sampah? Anda masih bisa memulihkannya dalam 30 hari.')) return;
    aturSibuk('hapus');
    try {
      await api.hapus(`/api/berita/${idRef.current}`);
      hapusSalinan(kunciRef.current);
      nomorTersimpan.current = nomorUbah.current;
      umumkan(`“${fRef.current.judul || 'Berita'}” dipindahkan ke Sampah.`);
      pergi('/berita');
    } catch (e) {
      aturGalat('Gagal memindahkan ke Sampah: ' + pesanGalat(e));
      aturSibuk(null);
    }
  };

  const dariSampah = async () => {
    if (idRef.current === null) return;
    aturSibuk('pulihkan');
    try {
      await api.post(`/api/berita/${idRef.current}/pulihkan`);
      umumkan('Berita dipulihkan dari Sampah.');
      aturSibuk(null);
      await muatUlangServer();
    } catch (e) {
      aturGalat('Gagal memulihkan: ' + pesanGalat(e));
      aturSibuk(null);
    }
  };

  const pakaiRevisi = (r: IsiRevisi, kapan: string) => {
    ubah({ judul: r.judul ?? '', ringkasan: r.ringkasan ?? '', isi: keTiptap(r.isi) });
    gantiIsiEditor(r.isi);
    aturRiwayat(false);
    umumkan(`Versi ${kapan} dimuat ke editor. Tekan Simpan untuk memakainya.`);
    document.getElementById('berita-judul')?.focus();
  };

  const kirim = (e: Event) => {
    e.preventDefault();
    void simpanKeServer(false);
  };

  const konflikKotak = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (konflik) konflikKotak.current?.focus();
  }, [konflik]);

  // Focus the first field with an error after a failed save.
  useEffect(() => {
    const pertama = Object.keys(ID_KOLOM).find((k) => kolom[k]);
    if (pertama && !galat) document.getElementById(ID_KOLOM[pertama])?.focus();
  }, [kolom, galat]);

  const judulHalaman = id === null ? 'Tulis berita' : 'Ubah berita';

  if (muat === 'memuat') {
    return (
      <>
        <h1 tabIndex={-1}>{judulHalaman}</h1>
        <Memuat />
      </>
    );
  }
  if (muat === 'galat') {
    return (
      <>
        <h1 tabIndex={-1}>{judulHalaman}</h1>
        <KotakGalat pesan={'Berita tidak bisa dibuka: ' + (galatMuat ?? '')}>
          <a href="#/berita">Kembali ke daftar berita</a>
        </KotakGalat>
      </>
    );
  }

  const penerbit = bolehTerbit(akun.peran);
  const pilihanStatus: StatusBerita[] = penerbit ? ['draft', 'pending', 'scheduled', 'published'] : ['draft', 'pending'];
  if (!pilihanStatus.includes(f.status)) pilihanStatus.push(f.status);
  const diSampah = item?.status === 'trash';

  const ubahStatus = (s: string) => {
    const status = s as StatusBerita;
    const patch: Partial<FormBerita> = { status };
    if (status === 'published' && f.terbit && new Date(f.terbit).getTime() > Date.now()) patch.terbit = null;
    ubah(patch);
  };

  const terbitkan = () => {
    ubah({ status: 'published', terbit: null });
    void simpanKeServer(false);
  };

  return (
    <form class="form-berita" onSubmit={kirim} noValidate>
      <p class="kembali">
        <a href="#/berita">‹ Daftar berita</a>
      </p>
      <h1 tabIndex={-1}>{judulHalaman}</h1>
      {item ? (
        <p class="meta">
          <Lencana jenis={item.status}>{LABEL_STATUS_BERITA[item.status] ?? item.status}</Lencana>
          {item.status === 'published' && item.terbit ? ` sejak ${waktu(item.terbit)}` : ''}
          {item.status === 'scheduled' && item.terbit ? ` untuk ${waktu(item.terbit)}` : ''}
        </p>
      ) : null}

      {tawaran ? (
        <div class="kotak kotak-peringatan" role="region" aria-labelledby="judul-tawaran">
          <h2 id="judul-tawaran" class="judul-kotak">
            Pulihkan salinan di perangkat ini?
          </h2>
          <p>
            Ada tulisan yang belum terkirim ke server, disimpan di perangkat ini pada {waktu(new Date(tawaran.waktu).toISOString())}
            {tawaran.form.judul ? ` (“${tawaran.form.judul}”)` : ''}.
          </p>
          {item && tawaran.versi !== null && tawaran.versi < item.versi ? (
            <p>
              <strong>Perhatian:</strong> berita ini sudah diubah di server setelah salinan itu dibuat. Jika Anda
              memulihkan lalu menyimpan, perubahan di server akan tertimpa.
            </p>
          ) : null}
          <div class="deret-tombol">
            <button type="button" class="tombol tombol-utama" onClick={pulihkanSalinan}>
              Pulihkan salinan
            </button>
            <button type="button" class="tombol tombol-kedua" onClick={buangSalinan}>
              Buang salinan
            </button>
          </div>
        </div>
      ) : null}

      {item?.status === 'held' ? (
        <KotakInfo jenis="peringatan">
          <p>
            <strong>Berita ini ditahan</strong> dan tidak tampil di website.
            {item.alasan ? ` Alasan: ${item.alasan}` : ''}
          </p>
        </KotakInfo>
      ) : null}

      {item?.status === 'pending' && penerbit && f.status === 'pending' ? (
        <KotakInfo>
          <p>Berita ini menunggu persetujuan. Periksa isinya, lalu terbitkan jika sudah layak.</p>
          <button type="button" class="tombol tombol-utama" onClick={terbitkan} disabled={sedangKirim}>
            Terbitkan
          </button>
        </KotakInfo>
      ) : null}

      {diSampah ? (
        <KotakInfo jenis="peringatan">
          <p>Berita ini ada di Sampah. Pulihkan dulu untuk mengubahnya.</p>
          <button type="button" class="tombol tombol-utama" onClick={() => void dariSampah()} disabled={sibuk !== null}>
            Pulihkan dari Sampah
          </button>
        </KotakInfo>
      ) : null}

      <KotakGalat pesan={galat} />
      {konflik ? (
        <div class="kotak kotak-galat" role="alert" tabIndex={-1} ref={konflikKotak}>
          <p>
            Berita ini sudah disimpan orang lain setelah Anda membukanya. Perubahan Anda tetap aman di perangkat ini.
            Muat ulang versi terbaru dari server; setelah itu Anda bisa memilih memulihkan salinan Anda.
          </p>
          <button type="button" class="tombol tombol-utama" onClick={() => void muatUlangServer()} disabled={sibuk !== null}>
            Muat ulang dari server
          </button>
        </div>
      ) : null}

      <Isian
        id="berita-judul"
        label="Judul"
        nilai={f.judul}
        ubah={(v) => ubah({ judul: v })}
        galat={kolom.judul}
        wajib
        maxLength={200}
        autocomplete="off"
      />

      <EditorIsi
        id="isi-berita"
        label="Isi berita"
        petunjuk="Tulis isi berita di sini. Pilih tulisan lalu tekan tombol di atas untuk menebalkan, membuat subjudul, atau memasang tautan."
        isiAwal={f.isi}
        ubah={(doc) => ubah({ isi: doc })}
        galat={kolom.isi}
        pesanTerkunci="Isi berita ini memuat bagian yang tidak bisa dibuka di editor. Judul dan bagian lain tetap bisa diubah; isinya tidak akan diubah saat Anda menyimpan."
        saatTerkunci={() => aturIsiTerkunci(true)}
        kendali={kendaliRef}
      />

      <Area
        id="berita-ringkasan"
        label="Ringkasan"
        petunjuk="Satu atau dua kalimat yang tampil di daftar berita dan saat dibagikan ke media sosial."
        nilai={f.ringkasan}
        ubah={(v) => ubah({ ringkasan: v })}
        galat={kolom.ringkasan}
        rows={3}
        maxLength={500}
      />

      <Pilihan
        id="berita-kategori"
        label="Kategori"
        nilai={f.kategori_id === null ? '' : String(f.kategori_id)}
        ubah={(v) => ubah({ kategori_id: v ? Number(v) : null })}
        opsi={[{ nilai: '', label: 'Tanpa kategori' }, ...kategori.map((k) => ({ nilai: String(k.id), label: k.nama }))]}
        galat={kolom.kategori_id}
      />

      <PilihGambar
        id="berita-sampul"
        label="Gambar sampul"
        petunjuk="Foto utama yang tampil di atas berita. JPG, PNG, atau WebP, maksimal 20 MB."
        nilai={f.sampul}
        ubah={(m) => ubah({ sampul: m })}
        alt={f.sampul_alt.trim() || f.judul.trim()}
        galat={kolom.sampul}
      />
      {f.sampul ? (
        <Isian
          id="berita-sampul-alt"
          label="Keterangan gambar sampul"
          petunjuk="Jelaskan isi foto dalam satu kalimat, untuk pembaca tunanetra."
          nilai={f.sampul_alt}
          ubah={(v) => ubah({ sampul_alt: v })}
          galat={kolom.sampul_alt}
          maxLength={300}
        />
      ) : null}

      <Pilihan
        id="berita-status"
        label="Status"
        nilai={f.status}
        ubah={ubahStatus}
        opsi={pilihanStatus.map((s) => ({ nilai: s, label: LABEL_STATUS_BERITA[s] }))}
        galat={kolom.status}
        petunjuk={
          penerbit
            ? 'Draf hanya terlihat oleh pengelola. Terbit langsung tampil di website.'
            : 'Pilih “Menunggu persetujuan” jika berita sudah siap diperiksa editor.'
        }
      />
      {f.status === 'scheduled' ? (
        <Isian
          id="berita-terbit"
          label="Tanggal dan jam terbit"
          type="datetime-local"
          nilai={keInputWaktu(f.terbit)}
          ubah={(v) => ubah({ terbit: dariInputWaktu(v) })}
          galat={kolom.terbit}
          wajib
          min={keInputWaktu(new Date().toISOString())}
        />
      ) : null}

      <div class="bilah-simpan">
        <BarisSimpan keadaan={simpan} />
        <button type="submit" class="tombol tombol-utama" disabled={sedangKirim || diSampah} data-testid="tombol-simpan">
          Simpan
        </button>
      </div>

      <section class="aksi-lain" aria-labelledby="judul-aksi-lain">
        <h2 id="judul-aksi-lain">Tindakan lain</h2>
        {id === null ? (
          <p class="petunjuk">Pratinjau dan riwayat versi tersedia setelah berita disimpan pertama kali.</p>
        ) : (
          <div class="deret-tombol">
            <button type="button" class="tombol tombol-kedua" onClick={() => void pratinjau()} disabled={sibuk !== null}>
              {sibuk === 'pratinjau' ? 'Membuka pratinjau…' : 'Pratinjau'}
            </button>
            <button
              type="button"
              class="tombol tombol-kedua"
              aria-expanded={riwayat}
              aria-controls="panel-riwayat"
              onClick={() => aturRiwayat(!riwayat)}
            >
              Riwayat versi
            </button>
            {item?.url_publik && item.status === 'published' ? (
              <a class="tombol tombol-kedua" href={item.url_publik} target="_blank" rel="noopener noreferrer">
                Lihat di website<span class="sr"> (membuka tab baru)</span>
              </a>
            ) : null}
            {!diSampah ? (
              <button type="button" class="tombol tombol-bahaya" onClick={() => void keSampah()} disabled={sibuk !== null}>
                {sibuk === 'hapus' ? 'Memindahkan…' : 'Pindahkan ke Sampah'}
              </button>
            ) : null}
          </div>
        )}
        {tautanPratinjau ? (
          <p>
            <a href={tautanPratinjau} target="_blank" rel="noopener noreferrer">
              Buka pratinjau<span class="sr"> (membuka tab baru)</span>
            </a>{' '}
            (tautan ini hanya berlaku sebentar)
          </p>
        ) : null}
        {riwayat && id !== null ? <PanelRiwayat id={id} pakai={pakaiRevisi} /> : null}
      </section>
    </form>
  );
}

function PanelRiwayat({ id, pakai }: { id: number; pakai: (r: IsiRevisi, kapan: string) => void }) {
  const [daftar, aturDaftar] = useState<Revisi[] | null>(null);
  const [galat, aturGalat] = useState<string | null>(null);
  const [dilihat, aturDilihat] = useState<{ rev: Revisi; isi: IsiRevisi } | null>(null);
  const [memuatId, aturMemuatId] = useState<number | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    api.get<Revisi[]>(`/api/berita/${id}/revisi`, { signal: ac.signal }).then(
      (r) => aturDaftar(Array.isArray(r) ? r : []),
      (e) => {
        if (!ac.signal.aborted) aturGalat(pesanGalat(e));
      },
    );
    return () => ac.abort();
  }, [id]);

  const lihat = async (rev: Revisi) => {
    aturMemuatId(rev.id);
    aturGalat(null);
    try {
      const isi = await api.get<IsiRevisi>(`/api/berita/${id}/revisi/${rev.id}`);
      aturDilihat({ rev, isi });
    } catch (e) {
      aturGalat(pesanGalat(e));
    } finally {
      aturMemuatId(null);
    }
  };

  return (
    <div class="panel-riwayat" id="panel-riwayat">
      <h3>Riwayat versi</h3>
      <KotakGalat pesan={galat} />
      {daftar === null && !galat ? <Memuat /> : null}
      {daftar && !daftar.length ? <p>Belum ada versi sebelumnya.</p> : null}
      {daftar && daftar.length ? (
        <ul class="daftar-riwayat">
          {daftar.map((r) => (
            <li key={r.id}>
              <span>
                {waktu(r.dibuat)} · {r.oleh}
              </span>
              <button
                type="button"
                class="tombol tombol-kedua"
                aria-pressed={dilihat?.rev.id === r.id}
                disabled={memuatId !== null}
                onClick={() => void lihat(r)}
              >
                {memuatId === r.id ? 'Memuat…' : 'Lihat'}
                <span class="sr"> versi {waktu(r.dibuat)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {dilihat ? (
        <div class="pratinjau-revisi">
          <h4>Versi {waktu(dilihat.rev.dibuat)}</h4>
          <p>
            <strong>{dilihat.isi.judul}</strong>
          </p>
          {dilihat.isi.ringkasan ? <p class="petunjuk">{dilihat.isi.ringkasan}</p> : null}
          <TampilanDok isi={dilihat.isi.isi} />
          <button
            type="button"
            class="tombol tombol-utama"
            onClick={() => pakai(dilihat.isi, waktu(dilihat.rev.dibuat))}
          >
            Pakai versi ini
          </button>
        </div>
      ) : null}
    </div>
  );
}
