// "Data desa", "Galeri" and "Menu situs": lists and forms for every kind of
// structured village data, all built from the schema the server sends.
import { useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import {
  JENIS_GALERI,
  JENIS_SENDIRI,
  LABEL_JENIS,
  dariItem,
  formKosong,
  indukJenis,
  kolomDaftar,
  kolomKelompok,
  mediaDari,
  namaItem,
  periksaData,
  teksNilai,
  type IsiForm,
  type NilaiIsian,
} from '../dataDesa';
import { angka, rupiah } from '../format';
import type { ItemData, KolomData, SkemaData } from '../jenis';
import { bolehTerbit, useAplikasi } from '../konteks';
import { gantiAlamat, pergi, type Rute } from '../rute';
import { IsianData } from '../komponen/IsianData';
import {
  BilahSimpan,
  IsiData,
  ItemMenu,
  JudulHalaman,
  KotakGalat,
  KotakInfo,
  Pilihan,
  TautanKembali,
  TombolHapus,
  useData,
  useSimpan,
} from '../komponen/ui';

function ambilSkema(signal: AbortSignal): Promise<SkemaData[]> {
  return api.get<SkemaData[]>('/api/data', { signal }).then((s) => (Array.isArray(s) ? s : []));
}

/** The menu of kinds: "Data desa" (everything else) or "Galeri" (albums and photos). */
export function DataMenu({ galeri = false }: { galeri?: boolean }) {
  const d = useData(ambilSkema);
  return (
    <>
      <JudulHalaman>{galeri ? 'Galeri' : 'Data desa'}</JudulHalaman>
      <p class="sub">
        {galeri
          ? 'Album foto kegiatan desa dan foto di dalamnya.'
          : 'Data yang tampil di website desa. Pilih yang ingin Anda isi atau perbarui.'}
      </p>
      <IsiData d={d}>
        {(semua) => {
          const l = semua.filter((s) => (galeri ? JENIS_GALERI : JENIS_SENDIRI).includes(s.jenis) === galeri);
          if (!l.length) return <p class="kosong">Belum ada data yang bisa diatur di sini.</p>;
          return (
            <ul class="daftar-menu">
              {l.map((s) => (
                <ItemMenu
                  key={s.jenis}
                  id={`data-${s.jenis}`}
                  href={`#/data/${encodeURIComponent(s.jenis)}`}
                  judul={s.judul || LABEL_JENIS[s.jenis] || s.jenis}
                  keterangan={s.keterangan}
                />
              ))}
            </ul>
          );
        }}
      </IsiData>
    </>
  );
}

interface Muatan {
  skema: SkemaData;
  item: ItemData[];
}

/**
 * One kind: its list (`sub` undefined), a new item (`baru`) or one item (its
 * id). A kind with a single item (`tunggal`) goes straight to its form.
 */
export function DataJenis({ jenis, sub, rute }: { jenis: string; sub: string | undefined; rute: Rute }) {
  const d = useData<Muatan>(async (signal) => {
    const [semua, isi] = await Promise.all([
      ambilSkema(signal),
      api.get<{ item: ItemData[] }>(`/api/data/${encodeURIComponent(jenis)}`, { signal }),
    ]);
    const skema = semua.find((s) => s.jenis === jenis);
    if (!skema) throw new ApiError('Jenis data ini tidak dikenal.', 404);
    return { skema, item: Array.isArray(isi?.item) ? isi.item : [] };
  }, [jenis]);
  // A new item that has been saved once is edited from then on.
  const [dibuat, aturDibuat] = useState(false);
  // Contributors may look but not change (the server answers 403).
  const boleh = bolehTerbit(useAplikasi().akun.peran);

  const skema = d.data?.skema;
  const judulJenis = skema?.judul || LABEL_JENIS[jenis] || 'Data desa';
  const tunggal = skema?.tunggal ?? false;
  const daftar = sub === undefined && !tunggal;
  // The list remembers its year filter; from an item, go back to that item's year.
  const tahunItem = d.data?.item.find((x) => String(x.id) === sub)?.tahun;
  const tahun = rute.query.get('tahun') ?? (typeof tahunItem === 'number' ? String(tahunItem) : '');
  const induk = indukJenis(jenis);
  const alamatDaftar = `#/data/${encodeURIComponent(jenis)}`;

  const hapus = (id: number) => d.atur((m) => m && { ...m, item: m.item.filter((x) => x.id !== id) });
  const keDaftar = alamatDaftar + (tahun ? `?tahun=${encodeURIComponent(tahun)}` : '');
  const halamanDaftar = daftar || tunggal;

  return (
    <>
      {!halamanDaftar ? <TautanKembali href={keDaftar}>{judulJenis}</TautanKembali> : null}
      {halamanDaftar && induk.href !== '#/lainnya' ? <TautanKembali href={induk.href}>{induk.label}</TautanKembali> : null}
      <JudulHalaman>
        {halamanDaftar ? judulJenis : sub === 'baru' && !dibuat ? 'Tambah data' : boleh ? 'Ubah data' : 'Lihat data'}
      </JudulHalaman>
      {halamanDaftar ? (
        skema?.keterangan ? <p class="sub">{skema.keterangan}</p> : null
      ) : (
        <p class="sub">{judulJenis}</p>
      )}
      {!boleh ? (
        <KotakInfo>
          <p>Data desa hanya bisa diubah oleh editor atau admin desa. Anda bisa melihatnya di sini.</p>
        </KotakInfo>
      ) : null}
      <IsiData d={d}>
        {({ skema: s, item }) => {
          if (daftar) return <DaftarData skema={s} item={item} tahun={tahun} hapus={hapus} boleh={boleh} />;
          if (tunggal) return <FormItem skema={s} awal={item[0] ?? { id: 0 }} boleh={boleh} />;
          if (sub === 'baru') return <FormItem skema={s} awal={null} saatDibuat={() => aturDibuat(true)} boleh={boleh} />;
          const it = item.find((x) => String(x.id) === sub);
          if (!it) {
            return (
              <KotakGalat pesan="Data tidak ditemukan. Mungkin sudah dihapus.">
                <a href={alamatDaftar}>Kembali ke {judulJenis}</a>
              </KotakGalat>
            );
          }
          return <FormItem skema={s} awal={it} boleh={boleh} />;
        }}
      </IsiData>
    </>
  );
}

function pesanHapus(skema: SkemaData, nama: string): string {
  let t = `Hapus “${nama}” dari ${skema.judul}?`;
  if (skema.jenis === 'album') t += ' Semua foto di dalam album ini ikut terhapus.';
  if (skema.jenis === 'menu') t += ' Submenu di bawahnya ikut terhapus.';
  return t + ' Tindakan ini tidak bisa dibatalkan.';
}

function DaftarData({
  skema,
  item,
  tahun,
  hapus,
  boleh,
}: {
  skema: SkemaData;
  item: ItemData[];
  tahun: string;
  hapus: (id: number) => void;
  /** May add, change and delete. */
  boleh: boolean;
}) {
  const jenis = encodeURIComponent(skema.jenis);
  const kelompok = kolomKelompok(skema);
  const tambah = boleh ? (
    <div class="aksi-besar">
      <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => pergi(`/data/${jenis}/baru`)}>
        Tambah
      </button>
    </div>
  ) : null;
  if (!item.length) {
    return (
      <>
        {tambah}
        <p class="kosong">Belum ada data.{boleh ? ' Tekan “Tambah” untuk mengisi yang pertama.' : ''}</p>
      </>
    );
  }
  if (!kelompok) {
    return (
      <>
        {tambah}
        <p class="petunjuk">{angka(item.length)} data</p>
        <TabelData skema={skema} kolom={kolomDaftar(skema)} item={item} hapus={hapus} boleh={boleh} />
      </>
    );
  }

  // Grouped: year (newest first, filterable), then kind in the order of its choices.
  const kTahun = kelompok.tahun;
  const kJenis = kelompok.jenis;
  const semuaTahun = [...new Set(item.map((x) => String(x[kTahun.nama] ?? '')))].sort((a, b) => Number(b) - Number(a));
  const dipilih = tahun === 'semua' || semuaTahun.includes(tahun) ? tahun : semuaTahun[0];
  const tampil = dipilih === 'semua' ? semuaTahun : [dipilih];
  const urutJenis = (kJenis?.pilihan ?? []).map((p) => String(p.nilai));
  const kolom = kolomDaftar(skema, [kTahun.nama, kJenis?.nama ?? '']);
  return (
    <>
      {tambah}
      <Pilihan
        id="saring-tahun"
        label="Tampilkan tahun"
        nilai={dipilih}
        ubah={(v) => pergi(`/data/${jenis}?tahun=${encodeURIComponent(v)}`)}
        opsi={[
          ...semuaTahun.map((t) => ({ nilai: t, label: t || 'Tanpa tahun' })),
          { nilai: 'semua', label: 'Semua tahun' },
        ]}
      />
      {tampil.map((t) => {
        const baris = item.filter((x) => String(x[kTahun.nama] ?? '') === t);
        const jenisAda = [...new Set(baris.map((x) => String(x[kJenis?.nama ?? ''] ?? '')))].sort(
          (a, b) => (urutJenis.indexOf(a) + 1 || 999) - (urutJenis.indexOf(b) + 1 || 999),
        );
        return (
          <section key={t} class="kelompok-data" aria-labelledby={`tahun-${t}`}>
            <h2 id={`tahun-${t}`}>{t ? `Tahun ${t}` : 'Tanpa tahun'}</h2>
            {jenisAda.map((j) => (
              <div key={j}>
                {kJenis ? <h3>{teksNilai(kJenis, j)}</h3> : null}
                <TabelData
                  skema={skema}
                  kolom={kolom}
                  item={kJenis ? baris.filter((x) => String(x[kJenis.nama] ?? '') === j) : baris}
                  hapus={hapus}
                  boleh={boleh}
                  jumlah
                />
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}

/**
 * Rows as a table on wide screens and as cards on phones (the same markup,
 * restyled; each cell carries its column name for the card view).
 */
function TabelData({
  skema,
  kolom,
  item,
  hapus,
  boleh,
  jumlah,
}: {
  skema: SkemaData;
  kolom: KolomData[];
  item: ItemData[];
  hapus: (id: number) => void;
  boleh: boolean;
  /** Add a total row for number and money columns. */
  jumlah?: boolean;
}) {
  const dijumlah = jumlah ? kolom.filter((k) => k.tipe === 'angka' || k.tipe === 'uang') : [];
  const total = (k: KolomData) => item.reduce((n, x) => n + (typeof x[k.nama] === 'number' ? (x[k.nama] as number) : 0), 0);
  return (
    <table class="tabel-data" role="table">
      <thead role="rowgroup">
        <tr role="row">
          {kolom.map((k, i) => (
            <th key={k.nama} scope="col" role="columnheader" class={kelasSel(k, i)}>
              {k.label}
            </th>
          ))}
          <th scope="col" role="columnheader">
            <span class="sr">Tindakan</span>
          </th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {item.map((x) => {
          const nama = namaItem(skema, x);
          return (
            <tr key={x.id} role="row">
              {kolom.map((k, i) => (
                <td key={k.nama} role="cell" data-label={k.label} class={kelasSel(k, i)}>
                  <NilaiSel kolom={k} item={x} />
                </td>
              ))}
              <td role="cell" class="sel-tindakan">
                <div class="deret-tombol">
                  <a class="tombol tombol-kedua" href={`#/data/${encodeURIComponent(skema.jenis)}/${x.id}`}>
                    {boleh ? 'Ubah' : 'Lihat'}
                    <span class="sr"> {nama}</span>
                  </a>
                  {boleh ? (
                    <TombolHapus
                      jalur={`/api/data/${encodeURIComponent(skema.jenis)}/${x.id}`}
                      nama={nama}
                      tanya={pesanHapus(skema, nama)}
                      saatTerhapus={() => hapus(x.id)}
                    />
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
      {dijumlah.length && item.length > 1 ? (
        <tfoot role="rowgroup">
          <tr role="row" class="baris-jumlah">
            {kolom.map((k, i) => (
              <td key={k.nama} role="cell" data-label={i === 0 ? undefined : k.label} class={kelasSel(k, i)}>
                {i === 0 ? 'Jumlah' : dijumlah.includes(k) ? (k.tipe === 'uang' ? rupiah(total(k)) : angka(total(k))) : ''}
              </td>
            ))}
            <td role="cell" class="sel-tindakan" />
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

const TIPE_ANGKA: KolomData['tipe'][] = ['angka', 'uang', 'desimal'];

/** The first cell is the card's title on phones; numbers are right-aligned in the table. */
function kelasSel(k: KolomData, i: number): string | undefined {
  if (i === 0) return 'sel-utama';
  return TIPE_ANGKA.includes(k.tipe) ? 'sel-angka' : undefined;
}

function NilaiSel({ kolom, item }: { kolom: KolomData; item: ItemData }) {
  if (kolom.tipe === 'gambar') {
    const m = mediaDari(item, kolom.nama);
    return m ? <img class="gambar-mini" src={m.url} alt="" loading="lazy" width={64} height={48} /> : <>—</>;
  }
  return <>{teksNilai(kolom, item[kolom.nama])}</>;
}

/** A picture's alt text: the item's own description field, else its name. */
function altDari(skema: SkemaData, f: IsiForm): string {
  for (const n of ['alt', 'keterangan', 'judul', 'nama']) {
    const v = f[n];
    if (typeof v === 'string' && v.trim() && skema.kolom.some((k) => k.nama === n && k.tipe !== 'gambar')) return v.trim();
  }
  return skema.judul;
}

function FormItem({
  skema,
  awal,
  saatDibuat,
  boleh,
}: {
  skema: SkemaData;
  awal: ItemData | null;
  saatDibuat?: () => void;
  /** false: the fields are shown disabled and there is no "Simpan". */
  boleh: boolean;
}) {
  const jenis = encodeURIComponent(skema.jenis);
  const [id, aturId] = useState<number | null>(skema.tunggal ? 0 : (awal?.id ?? null));
  const [f, aturF] = useState<IsiForm>(() => (awal ? dariItem(skema, awal) : formKosong(skema)));
  const [baruDisimpan, aturBaruDisimpan] = useState(false);
  const s = useSimpan();
  const fRef = useRef(f);
  fRef.current = f;

  const ubah = (nama: string, v: NilaiIsian) => {
    aturF((l) => ({ ...l, [nama]: v }));
    s.berubah();
  };

  const label = (nama: string) => skema.kolom.find((k) => k.nama === nama)?.label ?? nama;

  const kirim = async (e: Event) => {
    e.preventDefault();
    const { body, salah, rapi } = periksaData(skema, fRef.current);
    aturF(rapi);
    if (Object.keys(salah).length) {
      s.tolak(salah, label);
      return;
    }
    const hasil = await s.jalankan(() =>
      id === null ? api.post<ItemData>(`/api/data/${jenis}`, body) : api.put<ItemData>(`/api/data/${jenis}/${id}`, body),
    );
    if (hasil && id === null && typeof hasil.id === 'number') {
      aturId(hasil.id);
      aturBaruDisimpan(true);
      saatDibuat?.();
      gantiAlamat(`/data/${jenis}/${hasil.id}`);
    }
  };

  // Server messages about fields the form does not show.
  const lain = Object.entries(s.kolom).filter(([k]) => !skema.kolom.some((c) => c.nama === k));

  return (
    <form onSubmit={kirim} noValidate class="form-data">
      <KotakGalat pesan={s.galat}>
        {lain.length ? (
          <ul>
            {lain.map(([k, v]) => (
              <li key={k}>
                {label(k)}: {v}
              </li>
            ))}
          </ul>
        ) : null}
      </KotakGalat>
      {skema.kolom.some((k) => k.wajib) ? <p class="petunjuk">Isian bertanda (wajib) harus diisi.</p> : null}
      <fieldset class="kelompok-isian" disabled={!boleh}>
        <legend class="sr">{skema.judul}</legend>
        {skema.kolom.map((k) => (
          <IsianData
            key={k.nama}
            kolom={k}
            id={`data-${skema.jenis}-${k.nama}`}
            nilai={f[k.nama] ?? null}
            ubah={(v) => ubah(k.nama, v)}
            galat={s.kolom[k.nama]}
            altGambar={altDari(skema, f)}
          />
        ))}
      </fieldset>
      {boleh ? <BilahSimpan keadaan={s.keadaan} mengirim={s.mengirim} /> : null}
      {baruDisimpan ? (
        <div class="deret-tombol">
          <a class="tombol tombol-kedua" href={`#/data/${jenis}/baru`}>
            Tambah lagi
          </a>
          <a class="tombol tombol-kedua" href={`#/data/${jenis}`}>
            Kembali ke daftar
          </a>
        </div>
      ) : null}
    </form>
  );
}
