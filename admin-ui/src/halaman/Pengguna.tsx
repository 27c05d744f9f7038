// Village accounts (admin_desa only).
import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import { LABEL_PERAN, galatEmail, waktu } from '../format';
import type { Pengguna, Peran } from '../jenis';
import { useAplikasi } from '../konteks';
import {
  Isian,
  IsiData,
  JudulHalaman,
  KotakGalat,
  KotakInfo,
  Lencana,
  Pilihan,
  TombolSalin,
  useData,
} from '../komponen/ui';

const PERAN_DESA: { nilai: Peran; label: string; ket: string }[] = [
  { nilai: 'kontributor', label: 'Kontributor', ket: 'menulis draf berita, perlu persetujuan' },
  { nilai: 'editor', label: 'Editor', ket: 'menerbitkan berita dan agenda' },
  { nilai: 'admin_desa', label: 'Admin desa', ket: 'semua, termasuk pengguna dan pengaturan' },
];

const opsiPeran = PERAN_DESA.map((p) => ({ nilai: p.nilai, label: `${p.label} — ${p.ket}` }));

const LABEL_EMAIL = 'Email (untuk pemulihan kata sandi)';
const PETUNJUK_EMAIL = 'Boleh dikosongkan. Jika diisi, pengguna ini bisa meminta kode pemulihan dikirim ke email ini saat lupa kata sandi.';

/** The email field of the add and edit forms. */
function IsianEmail({ id, nilai, ubah, galat }: { id: string; nilai: string; ubah: (v: string) => void; galat?: string }) {
  return (
    <Isian
      id={id}
      label={LABEL_EMAIL}
      petunjuk={PETUNJUK_EMAIL}
      type="email"
      inputMode="email"
      nilai={nilai}
      ubah={ubah}
      galat={galat}
      autocomplete="off"
      autocapitalize="none"
      spellcheck={false}
      maxLength={254}
    />
  );
}

export function PenggunaDaftar() {
  const { akun } = useAplikasi();
  const d = useData((signal) => api.get<Pengguna[]>('/api/pengguna', { signal }));
  const [tambah, aturTambah] = useState(false);
  const [ubahId, aturUbahId] = useState<number | null>(null);

  return (
    <>
      <p class="kembali">
        <a href="#/lainnya">‹ Lainnya</a>
      </p>
      <JudulHalaman>Pengguna</JudulHalaman>
      <p class="sub">Akun perangkat desa yang boleh mengelola website {akun.desa?.label}.</p>
      {tambah ? (
        <FormTambah
          selesai={() => {
            d.muatUlang();
          }}
          tutup={() => aturTambah(false)}
        />
      ) : (
        <div class="aksi-besar">
          <button type="button" class="tombol tombol-utama tombol-besar" onClick={() => aturTambah(true)}>
            Tambah pengguna
          </button>
        </div>
      )}
      <h2>Daftar pengguna</h2>
      <IsiData d={d}>
        {(l) => (
          <ul class="daftar-kartu">
            {l.map((p) => (
              <li key={p.id} class="kartu">
                <h3 class="judul-kartu">
                  {p.nama} {p.id === akun.id ? <span class="meta">(Anda)</span> : null}
                </h3>
                <p class="meta">
                  {p.username} · {LABEL_PERAN[p.peran] ?? p.peran}
                  {p.nonaktif ? (
                    <>
                      {' '}
                      <Lencana jenis="nonaktif">Nonaktif</Lencana>
                    </>
                  ) : null}
                  {p.terkunci ? (
                    <>
                      {' '}
                      <Lencana jenis="terkunci">Terkunci</Lencana>
                    </>
                  ) : null}
                </p>
                <p class="meta">
                  Email pemulihan: {p.email ? p.email : 'belum diisi'}
                </p>
                <p class="meta">Terakhir masuk: {p.login_terakhir ? waktu(p.login_terakhir) : 'belum pernah'}</p>
                {ubahId === p.id ? (
                  <FormUbah
                    p={p}
                    diriSendiri={p.id === akun.id}
                    selesai={(baru) => {
                      d.atur((lama) => (lama ? lama.map((x) => (x.id === baru.id ? baru : x)) : lama));
                      aturUbahId(null);
                    }}
                    tutup={() => aturUbahId(null)}
                  />
                ) : (
                  <Tindakan
                    p={p}
                    diriSendiri={p.id === akun.id}
                    ubah={() => aturUbahId(p.id)}
                    terbuka={() => d.atur((lama) => (lama ? lama.map((x) => (x.id === p.id ? { ...x, terkunci: false } : x)) : lama))}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </IsiData>
    </>
  );
}

function FormTambah({ selesai, tutup }: { selesai: () => void; tutup: () => void }) {
  const [username, aturUsername] = useState('');
  const [nama, aturNama] = useState('');
  const [email, aturEmail] = useState('');
  const [peran, aturPeran] = useState<Peran>('kontributor');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const [hasil, aturHasil] = useState<{ username: string; sandi: string } | null>(null);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!username.trim()) k.username = 'Isi nama pengguna untuk masuk, misalnya “budi”.';
    if (!nama.trim()) k.nama = 'Isi nama lengkap.';
    const salahEmail = galatEmail(email);
    if (salahEmail) k.email = salahEmail;
    aturKolom(k);
    if (Object.keys(k).length) {
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    try {
      const r = await api.post<{ id: number; sandi_sementara: string }>('/api/pengguna', {
        username: username.trim(),
        nama: nama.trim(),
        peran,
        email: email.trim(),
      });
      aturHasil({ username: username.trim(), sandi: r.sandi_sementara });
      selesai();
    } catch (err) {
      aturGalat('Gagal menyimpan: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  if (hasil) {
    return (
      <KotakInfo jenis="sukses">
        <h2 class="judul-kotak">Pengguna dibuat</h2>
        <p>
          Berikan nama pengguna dan kata sandi sementara ini kepada <strong>{hasil.username}</strong>. Kata sandi ini
          hanya ditampilkan sekali; saat pertama masuk ia akan diminta menggantinya.
        </p>
        <p class="kode-besar" data-testid="sandi-sementara">
          {hasil.sandi}
        </p>
        <div class="deret-tombol">
          <TombolSalin teks={hasil.sandi} label="Salin kata sandi" />
          <button type="button" class="tombol tombol-kedua" onClick={tutup}>
            Selesai
          </button>
        </div>
      </KotakInfo>
    );
  }

  return (
    <form class="panel" onSubmit={kirim} noValidate>
      <h2>Tambah pengguna</h2>
      <KotakGalat pesan={galat} />
      <Isian
        id="baru-username"
        label="Nama pengguna (untuk masuk)"
        nilai={username}
        ubah={aturUsername}
        galat={kolom.username}
        autocapitalize="none"
        autocomplete="off"
        spellcheck={false}
      />
      <Isian id="baru-nama" label="Nama lengkap" nilai={nama} ubah={aturNama} galat={kolom.nama} autocomplete="off" />
      <IsianEmail id="baru-email" nilai={email} ubah={aturEmail} galat={kolom.email} />
      <Pilihan id="baru-peran" label="Peran" nilai={peran} ubah={(v) => aturPeran(v as Peran)} opsi={opsiPeran} galat={kolom.peran} />
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Membuat…' : 'Buat pengguna'}
        </button>
        <button type="button" class="tombol tombol-kedua" onClick={tutup}>
          Batal
        </button>
      </div>
    </form>
  );
}

function FormUbah({
  p,
  diriSendiri,
  selesai,
  tutup,
}: {
  p: Pengguna;
  diriSendiri: boolean;
  selesai: (p: Pengguna) => void;
  tutup: () => void;
}) {
  const [nama, aturNama] = useState(p.nama);
  const [email, aturEmail] = useState(p.email ?? '');
  const [peran, aturPeran] = useState<Peran>(p.peran);
  const [nonaktif, aturNonaktif] = useState(p.nonaktif);
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const idp = `ubah-${p.id}`;
  const opsi = PERAN_DESA.some((x) => x.nilai === p.peran)
    ? opsiPeran
    : [...opsiPeran, { nilai: p.peran, label: LABEL_PERAN[p.peran] ?? p.peran }];

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!nama.trim()) k.nama = 'Isi nama lengkap.';
    const salahEmail = galatEmail(email);
    if (salahEmail) k.email = salahEmail;
    if (Object.keys(k).length) {
      aturKolom(k);
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      await api.put(`/api/pengguna/${p.id}`, { nama: nama.trim(), peran, nonaktif, email: email.trim() });
      selesai({ ...p, nama: nama.trim(), peran, nonaktif, email: email.trim() });
    } catch (err) {
      aturGalat('Gagal menyimpan: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <form class="panel" onSubmit={kirim} noValidate>
      <KotakGalat pesan={galat} />
      <Isian id={`${idp}-nama`} label="Nama lengkap" nilai={nama} ubah={aturNama} galat={kolom.nama} />
      <IsianEmail id={`${idp}-email`} nilai={email} ubah={aturEmail} galat={kolom.email} />
      <Pilihan
        id={`${idp}-peran`}
        label="Peran"
        nilai={peran}
        ubah={(v) => aturPeran(v as Peran)}
        opsi={opsi}
        galat={kolom.peran}
        disabled={diriSendiri}
        petunjuk={diriSendiri ? 'Anda tidak bisa mengubah peran akun Anda sendiri.' : undefined}
      />
      {!diriSendiri ? (
        <div class="kolom">
          <label class="pilihan-centang">
            <input type="checkbox" checked={nonaktif} onChange={(e) => aturNonaktif((e.currentTarget as HTMLInputElement).checked)} />
            Nonaktifkan akun (tidak bisa masuk)
          </label>
        </div>
      ) : null}
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Menyimpan…' : 'Simpan perubahan'}
        </button>
        <button type="button" class="tombol tombol-kedua" onClick={tutup}>
          Batal
        </button>
      </div>
    </form>
  );
}

function Tindakan({
  p,
  diriSendiri,
  ubah,
  terbuka,
}: {
  p: Pengguna;
  diriSendiri: boolean;
  ubah: () => void;
  terbuka: () => void;
}) {
  const { umumkan } = useAplikasi();
  const [sibuk, aturSibuk] = useState(false);
  const [kode, aturKode] = useState<{ kode: string; berlaku_sampai: string } | null>(null);
  const [galat, aturGalat] = useState<string | null>(null);

  const bukaKunci = async () => {
    aturSibuk(true);
    aturGalat(null);
    try {
      await api.post(`/api/pengguna/${p.id}/buka-kunci`);
      terbuka();
      umumkan(`Akun ${p.username} sudah dibuka kuncinya.`);
    } catch (e) {
      aturGalat('Gagal membuka kunci: ' + pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };

  const buatKode = async () => {
    if (!window.confirm(`Buat kode pemulihan untuk ${p.nama}? Dengan kode ini ia bisa membuat kata sandi baru.`)) return;
    aturSibuk(true);
    aturGalat(null);
    try {
      aturKode(await api.post<{ kode: string; berlaku_sampai: string }>(`/api/pengguna/${p.id}/kode-pemulihan`));
    } catch (e) {
      aturGalat('Gagal membuat kode: ' + pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };

  return (
    <>
      <div class="deret-tombol">
        <button type="button" class="tombol tombol-kedua" onClick={ubah}>
          Ubah<span class="sr"> {p.nama}</span>
        </button>
        {p.terkunci ? (
          <button type="button" class="tombol tombol-kedua" onClick={() => void bukaKunci()} disabled={sibuk}>
            Buka kunci<span class="sr"> {p.nama}</span>
          </button>
        ) : null}
        {!diriSendiri ? (
          <button type="button" class="tombol tombol-kedua" onClick={() => void buatKode()} disabled={sibuk}>
            Kode pemulihan<span class="sr"> untuk {p.nama}</span>
          </button>
        ) : null}
      </div>
      {galat ? (
        <p class="pesan-galat" role="alert">
          {galat}
        </p>
      ) : null}
      {kode ? (
        <KotakInfo jenis="sukses">
          <p>
            Kode pemulihan untuk <strong>{p.username}</strong> (hanya ditampilkan sekali, berlaku sampai{' '}
            {waktu(kode.berlaku_sampai)}):
          </p>
          <p class="kode-besar">{kode.kode}</p>
          <p class="petunjuk">
            Minta ia membuka halaman masuk, memilih “Lupa kata sandi?”, lalu memasukkan kode ini.
          </p>
          <div class="deret-tombol">
            <TombolSalin teks={kode.kode} label="Salin kode" />
            <button type="button" class="tombol tombol-kedua" onClick={() => aturKode(null)}>
              Tutup
            </button>
          </div>
        </KotakInfo>
      ) : null}
    </>
  );
}
