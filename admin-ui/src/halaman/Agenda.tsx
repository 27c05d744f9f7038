import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { LABEL_STATUS_AGENDA, dariInputWaktu, keInputWaktu, tanggalPanjang, jam } from '../format';
import type { Agenda, StatusAgenda } from '../jenis';
import { bolehTerbit, useAplikasi } from '../konteks';
import { pergi } from '../rute';
import {
  Area,
  BarisSimpan,
  Isian,
  IsiData,
  JudulHalaman,
  KotakGalat,
  Lencana,
  Pilihan,
  useData,
  type KeadaanSimpan,
} from '../komponen/ui';

function urut(a: Agenda[]): Agenda[] {
  return [...a].sort((x, y) => new Date(x.mulai).getTime() - new Date(y.mulai).getTime());
}

function rentang(a: Agenda): string {
  const mulai = `${tanggalPanjang(a.mulai)}, ${jam(a.mulai)}`;
  if (!a.selesai) return mulai;
  const samaHari = new Date(a.mulai).toDateString() === new Date(a.selesai).toDateString();
  return samaHari ? `${mulai}–${jam(a.selesai)}` : `${mulai} sampai ${tanggalPanjang(a.selesai)}, ${jam(a.selesai)}`;
}

export function AgendaDaftar() {
  const { umumkan } = useAplikasi();
  const d = useData((signal) => api.get<Agenda[]>('/api/agenda', { signal }));
  const [sibuk, aturSibuk] = useState<number | null>(null);
  const [lihatLalu, aturLihatLalu] = useState(false);

  const hapus = async (a: Agenda) => {
    if (!window.confirm(`Hapus agenda “${a.judul}”? Tindakan ini tidak bisa dibatalkan.`)) return;
    aturSibuk(a.id);
    try {
      await api.hapus(`/api/agenda/${a.id}`);
      d.atur((l) => (l ? l.filter((x) => x.id !== a.id) : l));
      umumkan(`Agenda “${a.judul}” dihapus.`);
    } catch (e) {
      umumkan('Gagal menghapus: ' + pesanGalat(e));
    } finally {
      aturSibuk(null);
    }
  };

  return (
    <>
      <JudulHalaman>Agenda</JudulHalaman>
      <div class="aksi-besar">
        <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => pergi('/agenda/baru')}>
          Tambah agenda
        </button>
      </div>
      <IsiData d={d}>
        {(semua) => {
          const kini = Date.now();
          const selesai = (a: Agenda) => new Date(a.selesai ?? a.mulai).getTime() < kini;
          const akanDatang = urut(semua.filter((a) => !selesai(a)));
          const lalu = urut(semua.filter(selesai)).reverse();
          const daftar = (l: Agenda[]) => (
            <ul class="daftar-kartu">
              {l.map((a) => (
                <li key={a.id} class="kartu">
                  <h3 class="judul-kartu">
                    <a href={`#/agenda/${a.id}`}>{a.judul}</a>
                  </h3>
                  <p class="meta">
                    <Lencana jenis={a.status}>{LABEL_STATUS_AGENDA[a.status] ?? a.status}</Lencana> {rentang(a)}
                  </p>
                  {a.tempat ? <p class="meta">Tempat: {a.tempat}</p> : null}
                  <div class="deret-tombol">
                    <button
                      type="button"
                      class="tombol tombol-bahaya"
                      disabled={sibuk === a.id}
                      onClick={() => void hapus(a)}
                    >
                      {sibuk === a.id ? 'Menghapus…' : 'Hapus'}
                      <span class="sr"> {a.judul}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          );
          return (
            <>
              <h2>Akan datang</h2>
              {akanDatang.length ? daftar(akanDatang) : <p class="kosong">Belum ada agenda yang akan datang.</p>}
              {lalu.length ? (
                <>
                  <h2>Sudah lewat</h2>
                  {lihatLalu ? (
                    daftar(lalu)
                  ) : (
                    <button type="button" class="tombol tombol-kedua" onClick={() => aturLihatLalu(true)}>
                      Tampilkan {lalu.length} agenda yang sudah lewat
                    </button>
                  )}
                </>
              ) : null}
            </>
          );
        }}
      </IsiData>
    </>
  );
}

interface FormAgenda {
  judul: string;
  mulai: string; // datetime-local
  selesai: string; // datetime-local or ''
  tempat: string;
  penyelenggara: string;
  keterangan: string;
  status: StatusAgenda;
}

const KOSONG: FormAgenda = {
  judul: '',
  mulai: '',
  selesai: '',
  tempat: '',
  penyelenggara: '',
  keterangan: '',
  status: 'draft',
};

export function AgendaForm({ id }: { id: number | null }) {
  const { akun, umumkan } = useAplikasi();
  const boleh = bolehTerbit(akun.peran);
  const [f, aturF] = useState<FormAgenda>(KOSONG);
  const d = useData(async (signal) => {
    if (id === null) return null;
    const semua = await api.get<Agenda[]>('/api/agenda', { signal });
    const a = semua.find((x) => x.id === id);
    if (!a) throw new ApiError('Agenda tidak ditemukan. Mungkin sudah dihapus.', 404);
    aturF({
      judul: a.judul,
      mulai: keInputWaktu(a.mulai),
      selesai: keInputWaktu(a.selesai),
      tempat: a.tempat ?? '',
      penyelenggara: a.penyelenggara ?? '',
      keterangan: a.keterangan ?? '',
      status: a.status,
    });
    return a;
  });
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [galat, aturGalat] = useState<string | null>(null);
  const [simpan, aturSimpan] = useState<KeadaanSimpan>({ k: 'diam' });
  const [kirimId, aturKirimId] = useState<number | null>(id);
  const [mengirim, aturMengirim] = useState(false);

  const ubah = (p: Partial<FormAgenda>) => {
    aturF((l) => ({ ...l, ...p }));
    aturSimpan((s) => (s.k === 'tersimpan' ? { k: 'berubah' } : s));
  };

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!f.judul.trim()) k.judul = 'Nama kegiatan wajib diisi.';
    if (!f.mulai) k.mulai = 'Pilih tanggal dan jam mulai.';
    if (f.mulai && f.selesai && new Date(f.selesai) <= new Date(f.mulai)) k.selesai = 'Waktu selesai harus setelah waktu mulai.';
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Belum disimpan. Periksa isian yang ditandai.');
      aturSimpan({ k: 'galat', pesan: 'Belum disimpan: periksa isian yang ditandai.' });
      return;
    }
    const body = {
      judul: f.judul.trim(),
      mulai: dariInputWaktu(f.mulai),
      selesai: f.selesai ? dariInputWaktu(f.selesai) : null,
      tempat: f.tempat.trim(),
      penyelenggara: f.penyelenggara.trim(),
      keterangan: f.keterangan.trim(),
      status: f.status,
    };
    aturMengirim(true);
    aturGalat(null);
    aturSimpan({ k: 'menyimpan' });
    try {
      if (kirimId === null) {
        const a = await api.post<Agenda>('/api/agenda', body);
        if (a && typeof a.id === 'number') aturKirimId(a.id);
      } else {
        await api.put<Agenda>(`/api/agenda/${kirimId}`, body);
      }
      aturSimpan({ k: 'tersimpan', waktu: new Date() });
      umumkan(`Agenda “${body.judul}” tersimpan.`);
      pergi('/agenda');
    } catch (err) {
      const pesan = 'Gagal menyimpan: ' + pesanGalat(err);
      aturGalat(pesan);
      aturSimpan({ k: 'galat', pesan });
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  const judul = id === null ? 'Tambah agenda' : 'Ubah agenda';
  const form = (
    <form onSubmit={kirim} noValidate>
      <KotakGalat pesan={galat} />
      <Isian id="agenda-judul" label="Nama kegiatan" nilai={f.judul} ubah={(v) => ubah({ judul: v })} galat={kolom.judul} wajib maxLength={200} />
      <Isian
        id="agenda-mulai"
        label="Mulai"
        type="datetime-local"
        nilai={f.mulai}
        ubah={(v) => ubah({ mulai: v })}
        galat={kolom.mulai}
        wajib
      />
      <Isian
        id="agenda-selesai"
        label="Selesai"
        petunjuk="Boleh dikosongkan."
        type="datetime-local"
        nilai={f.selesai}
        ubah={(v) => ubah({ selesai: v })}
        galat={kolom.selesai}
        min={f.mulai || undefined}
      />
      <Isian id="agenda-tempat" label="Tempat" nilai={f.tempat} ubah={(v) => ubah({ tempat: v })} galat={kolom.tempat} placeholder="Contoh: Balai Desa" />
      <Isian
        id="agenda-penyelenggara"
        label="Penyelenggara"
        nilai={f.penyelenggara}
        ubah={(v) => ubah({ penyelenggara: v })}
        galat={kolom.penyelenggara}
        placeholder="Contoh: PKK Desa"
      />
      <Area id="agenda-keterangan" label="Keterangan" nilai={f.keterangan} ubah={(v) => ubah({ keterangan: v })} galat={kolom.keterangan} />
      <Pilihan
        id="agenda-status"
        label="Status"
        nilai={f.status}
        ubah={(v) => ubah({ status: v as StatusAgenda })}
        opsi={[
          { nilai: 'draft', label: 'Draf' },
          { nilai: 'published', label: 'Terbit', nonaktif: !boleh },
        ]}
        galat={kolom.status}
        petunjuk={boleh ? 'Agenda berstatus Terbit tampil di website.' : 'Editor atau admin desa akan menerbitkan agenda ini.'}
      />
      <div class="bilah-simpan">
        <BarisSimpan keadaan={simpan} />
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          Simpan
        </button>
      </div>
    </form>
  );

  return (
    <>
      <p class="kembali">
        <a href="#/agenda">‹ Daftar agenda</a>
      </p>
      <JudulHalaman>{judul}</JudulHalaman>
      {id === null ? form : <IsiData d={d}>{() => form}</IsiData>}
    </>
  );
}
