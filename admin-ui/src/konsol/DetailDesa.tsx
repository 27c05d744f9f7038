// One village in the console: activity, its accounts (recovery console),
// "Masuk sebagai desa", tickets, domains, the archive download, the
// website's status and removing the village.
import { useState } from 'preact/hooks';
import { ApiError, api, panggil, pesanGalat } from '../api';
import { LABEL_PERAN, LABEL_STATUS_TIKET, angka, galatEmail, hariLalu, waktu } from '../format';
import type { Peran, StatusTiket } from '../jenis';
import { useAplikasi } from '../konteks';
import { gantiAlamat, pergi } from '../rute';
import {
  Area,
  IsiData,
  Isian,
  JudulHalaman,
  KotakGalat,
  KotakInfo,
  Lencana,
  Pilihan,
  TautanKembali,
  TombolSalin,
  useData,
} from '../komponen/ui';
import { LencanaPita, LencanaStatusDesa, ukuran, useHak } from './bersama';
import type { AkunDesa, DetailDesa, Domain, StatusDesa } from './jenis';

export function HalamanDetailDesa({ id }: { id: number }) {
  const hak = useHak();
  const d = useData((signal) => api.get<DetailDesa>(`/api/konsol/desa/${id}`, { signal }), [id]);
  return (
    <>
      <TautanKembali href="#/">Ringkasan desa</TautanKembali>
      <IsiData d={d}>
        {(x) => (
          <>
            <JudulHalaman>{x.label}</JudulHalaman>
            <p class="sub">
              Kecamatan {x.kecamatan.nama} · kode {x.kode}{' '}
              <a href={x.url} target="_blank" rel="noopener noreferrer">
                Lihat website<span class="sr"> {x.label} (membuka tab baru)</span>
              </a>
            </p>
            {x.status !== 'active' ? (
              <KotakInfo jenis="peringatan">
                <p>
                  <LencanaStatusDesa status={x.status} />{' '}
                  {x.status === 'suspended'
                    ? 'Website ini sedang ditangguhkan: pengunjung melihat pemberitahuan pemeliharaan.'
                    : 'Website ini diarsipkan: masih bisa dibaca, tetapi desa tidak bisa mengubah isinya.'}
                  {x.alasan_status ? ` Alasan: ${x.alasan_status}` : ''}
                </p>
              </KotakInfo>
            ) : null}

            <section class="bagian" aria-labelledby="judul-keaktifan">
              <h2 id="judul-keaktifan">Keaktifan</h2>
              {x.aktivitas ? (
                <dl class="rincian">
                  <dt>Pita</dt>
                  <dd>
                    <LencanaPita pita={x.aktivitas.pita} />
                  </dd>
                  <dt>Terakhir diubah</dt>
                  <dd>
                    {hariLalu(x.aktivitas.terakhir_diubah)}
                    {x.aktivitas.terakhir_diubah ? ` (${waktu(x.aktivitas.terakhir_diubah)})` : ''}
                  </dd>
                  <dt>Login terakhir</dt>
                  <dd>{x.aktivitas.login_terakhir ? waktu(x.aktivitas.login_terakhir) : 'belum pernah'}</dd>
                  <dt>Berita</dt>
                  <dd>
                    {angka(x.aktivitas.berita_30)} dalam 30 hari, {angka(x.aktivitas.berita_90)} dalam 90 hari
                  </dd>
                  <dt>Kunjungan 30 hari</dt>
                  <dd>{angka(x.aktivitas.kunjungan_30)}</dd>
                  <dt>Penyimpanan</dt>
                  <dd>{ukuran(x.aktivitas.penyimpanan)}</dd>
                  <dt>Langkah awal</dt>
                  <dd>{x.aktivitas.langkah_awal} dari 5 selesai</dd>
                  <dt>Galat 30 hari</dt>
                  <dd>{angka(x.aktivitas.galat_30)}</dd>
                </dl>
              ) : (
                <p class="petunjuk">Data keaktifan desa ini belum dihitung.</p>
              )}
            </section>

            {hak.tulis ? <BagianAkun desaId={x.id} label={x.label} /> : null}
            {hak.tulis ? <BagianMasukSebagai desa={x} /> : null}

            <section class="bagian" aria-labelledby="judul-tiket-desa">
              <h2 id="judul-tiket-desa">Tiket bantuan</h2>
              {x.tiket.length ? (
                <ul class="daftar-sederhana">
                  {x.tiket.map((t) => (
                    <li key={t.id}>
                      <a href={`#/tiket/${t.id}`}>{t.judul}</a>{' '}
                      <Lencana jenis={`tiket-${t.status}`}>{LABEL_STATUS_TIKET[t.status as StatusTiket] ?? t.status}</Lencana>{' '}
                      <span class="meta">{waktu(t.dibuat)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="petunjuk">Desa ini belum pernah membuat tiket.</p>
              )}
            </section>

            <BagianDomain
              desaId={x.id}
              slug={x.slug}
              awal={x.domain}
              bolehUbah={hak.superadmin}
            />

            {hak.tulis ? <BagianArsip desa={x} /> : null}

            {hak.superadmin ? (
              <BagianStatus desa={x} selesai={(status, alasan) => d.atur((l) => (l ? { ...l, status, alasan_status: alasan } : l))} />
            ) : null}

            {hak.superadmin ? <BagianHapus desa={x} /> : null}
          </>
        )}
      </IsiData>
    </>
  );
}

// ---------- Accounts (recovery console) ----------

const PERAN_DESA: { nilai: Peran; label: string }[] = [
  { nilai: 'admin_desa', label: 'Admin desa' },
  { nilai: 'editor', label: 'Editor' },
  { nilai: 'kontributor', label: 'Kontributor' },
];

function BagianAkun({ desaId, label }: { desaId: number; label: string }) {
  const [tampil, aturTampil] = useState(false);
  return (
    <section class="bagian" aria-labelledby="judul-akun-desa">
      <h2 id="judul-akun-desa">Akun desa</h2>
      <p class="petunjuk">
        Untuk membantu perangkat desa yang lupa kata sandi atau terkunci. Setiap kali daftar akun dibuka dan setiap
        tindakan di sini dicatat di log audit Diskominfo dan di catatan aktivitas desa.
      </p>
      {tampil ? (
        <DaftarAkun desaId={desaId} label={label} />
      ) : (
        <button type="button" class="tombol tombol-kedua" onClick={() => aturTampil(true)}>
          Tampilkan akun desa
        </button>
      )}
    </section>
  );
}

function DaftarAkun({ desaId, label }: { desaId: number; label: string }) {
  const d = useData((signal) => api.get<{ item: AkunDesa[] }>(`/api/konsol/desa/${desaId}/pengguna`, { signal }), [desaId]);
  const [tambah, aturTambah] = useState(false);
  const ganti = (baru: AkunDesa) => d.atur((l) => (l ? { item: l.item.map((a) => (a.id === baru.id ? baru : a)) } : l));
  return (
    <>
      <IsiData d={d}>
        {(r) =>
          r.item.length ? (
            <ul class="daftar-kartu" aria-label={`Akun ${label}`}>
              {r.item.map((a) => (
                <KartuAkun key={a.id} a={a} ganti={ganti} />
              ))}
            </ul>
          ) : (
            <p class="kosong">Desa ini belum punya akun.</p>
          )
        }
      </IsiData>
      {tambah ? (
        <FormTambahAkun desaId={desaId} selesai={() => d.muatUlang()} tutup={() => aturTambah(false)} />
      ) : (
        <div class="deret-tombol">
          <button type="button" class="tombol tombol-utama" onClick={() => aturTambah(true)}>
            Tambah akun desa
          </button>
        </div>
      )}
    </>
  );
}

function KartuAkun({ a, ganti }: { a: AkunDesa; ganti: (a: AkunDesa) => void }) {
  const { umumkan } = useAplikasi();
  const [sibuk, aturSibuk] = useState(false);
  const [kode, aturKode] = useState<{ kode: string; berlaku_sampai: string } | null>(null);
  const [galat, aturGalat] = useState<string | null>(null);

  const jalankan = async (aksi: 'kode-pemulihan' | 'buka-kunci' | 'nonaktifkan' | 'aktifkan') => {
    const tanya: Record<string, string> = {
      'kode-pemulihan': `Buat kode pemulihan untuk ${a.nama}? Dengan kode ini ia bisa membuat kata sandi baru.`,
      nonaktifkan: `Nonaktifkan akun ${a.username}? Ia langsung keluar dari semua perangkat dan tidak bisa masuk.`,
    };
    if (tanya[aksi] && !window.confirm(tanya[aksi])) return;
    aturSibuk(true);
    aturGalat(null);
    try {
      const r = await api.post<{ kode?: string; berlaku_sampai?: string }>(`/api/konsol/pengguna/${a.id}/${aksi}`, {});
      if (aksi === 'kode-pemulihan' && r.kode) aturKode({ kode: r.kode, berlaku_sampai: r.berlaku_sampai ?? '' });
      if (aksi === 'buka-kunci') {
        ganti({ ...a, terkunci: false });
        umumkan(`Akun ${a.username} sudah dibuka kuncinya.`);
      }
      if (aksi === 'nonaktifkan') {
        ganti({ ...a, nonaktif: true });
        umumkan(`Akun ${a.username} dinonaktifkan.`);
      }
      if (aksi === 'aktifkan') {
        ganti({ ...a, nonaktif: false });
        umumkan(`Akun ${a.username} aktif lagi.`);
      }
    } catch (e) {
      aturGalat('Gagal: ' + pesanGalat(e));
    } finally {
      aturSibuk(false);
    }
  };

  return (
    <li class="kartu">
      <h3 class="judul-kartu">{a.nama}</h3>
      <p class="meta">
        {a.username} · {LABEL_PERAN[a.peran] ?? a.peran}
        {a.nonaktif ? (
          <>
            {' '}
            <Lencana jenis="nonaktif">Nonaktif</Lencana>
          </>
        ) : null}
        {a.terkunci ? (
          <>
            {' '}
            <Lencana jenis="terkunci">Terkunci</Lencana>
          </>
        ) : null}
        {a.totp ? (
          <>
            {' '}
            <Lencana jenis="published">Verifikasi dua langkah</Lencana>
          </>
        ) : null}
      </p>
      <p class="meta">
        Telepon: {a.telepon || 'belum diisi'} · Email: {a.email || 'belum diisi'}
      </p>
      <p class="meta">Terakhir masuk: {a.login_terakhir ? waktu(a.login_terakhir) : 'belum pernah'}</p>
      <div class="deret-tombol">
        <button type="button" class="tombol tombol-kedua" disabled={sibuk} onClick={() => void jalankan('kode-pemulihan')}>
          Buat kode pemulihan<span class="sr"> untuk {a.nama}</span>
        </button>
        {a.terkunci ? (
          <button type="button" class="tombol tombol-kedua" disabled={sibuk} onClick={() => void jalankan('buka-kunci')}>
            Buka kunci<span class="sr"> {a.nama}</span>
          </button>
        ) : null}
        {a.nonaktif ? (
          <button type="button" class="tombol tombol-kedua" disabled={sibuk} onClick={() => void jalankan('aktifkan')}>
            Aktifkan<span class="sr"> {a.nama}</span>
          </button>
        ) : (
          <button type="button" class="tombol tombol-bahaya" disabled={sibuk} onClick={() => void jalankan('nonaktifkan')}>
            Nonaktifkan<span class="sr"> {a.nama}</span>
          </button>
        )}
      </div>
      {galat ? (
        <p class="pesan-galat" role="alert">
          {galat}
        </p>
      ) : null}
      {kode ? (
        <KotakInfo jenis="sukses">
          <p>
            Kode pemulihan untuk <strong>{a.username}</strong> (hanya ditampilkan sekali
            {kode.berlaku_sampai ? `, berlaku sampai ${waktu(kode.berlaku_sampai)}` : ''}):
          </p>
          <p class="kode-besar" data-testid="kode-pemulihan">
            {kode.kode}
          </p>
          <p class="petunjuk">
            Sampaikan lewat telepon atau WhatsApp. Minta ia membuka halaman masuk, memilih “Lupa kata sandi?”, lalu
            memasukkan kode ini.
          </p>
          <div class="deret-tombol">
            <TombolSalin teks={kode.kode} label="Salin kode" />
            <button type="button" class="tombol tombol-kedua" onClick={() => aturKode(null)}>
              Tutup
            </button>
          </div>
        </KotakInfo>
      ) : null}
    </li>
  );
}

function FormTambahAkun({ desaId, selesai, tutup }: { desaId: number; selesai: () => void; tutup: () => void }) {
  const [username, aturUsername] = useState('');
  const [nama, aturNama] = useState('');
  const [peran, aturPeran] = useState<Peran>('admin_desa');
  const [telepon, aturTelepon] = useState('');
  const [email, aturEmail] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const [hasil, aturHasil] = useState<{ username: string; sandi: string } | null>(null);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    const k: Record<string, string> = {};
    if (!username.trim()) k.username = 'Isi nama pengguna untuk masuk, misalnya “sekdes.blumah”.';
    if (!nama.trim()) k.nama = 'Isi nama lengkap.';
    if (telepon && !/^[0-9+ ()-]{0,30}$/.test(telepon.trim())) k.telepon = 'Nomor telepon hanya angka, spasi, +, ( ) dan -.';
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
      const r = await api.post<{ id: number; username: string; sandi_sementara: string }>(`/api/konsol/desa/${desaId}/pengguna`, {
        username: username.trim(),
        nama: nama.trim(),
        peran,
        telepon: telepon.trim(),
        email: email.trim(),
      });
      aturHasil({ username: r.username || username.trim(), sandi: r.sandi_sementara });
      selesai();
    } catch (err) {
      aturGalat('Gagal membuat akun: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  if (hasil) {
    return (
      <KotakInfo jenis="sukses">
        <h3 class="judul-kotak">Akun dibuat</h3>
        <p>
          Sampaikan nama pengguna <strong>{hasil.username}</strong> dan kata sandi sementara ini. Kata sandi hanya
          ditampilkan sekali; saat pertama masuk ia akan diminta menggantinya.
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
      <h3>Tambah akun desa</h3>
      <KotakGalat pesan={galat} />
      <Isian
        id="akun-baru-username"
        label="Nama pengguna (untuk masuk)"
        nilai={username}
        ubah={aturUsername}
        galat={kolom.username}
        autocapitalize="none"
        autocomplete="off"
        spellcheck={false}
        maxLength={40}
        wajib
      />
      <Isian id="akun-baru-nama" label="Nama lengkap" nilai={nama} ubah={aturNama} galat={kolom.nama} maxLength={120} wajib />
      <Pilihan
        id="akun-baru-peran"
        label="Peran"
        nilai={peran}
        ubah={(v) => aturPeran(v as Peran)}
        opsi={PERAN_DESA}
        galat={kolom.peran}
      />
      <Isian
        id="akun-baru-telepon"
        label="Nomor telepon/WhatsApp"
        petunjuk="Untuk menghubungi dan untuk daftar tindak lanjut."
        type="tel"
        inputMode="tel"
        nilai={telepon}
        ubah={aturTelepon}
        galat={kolom.telepon}
        maxLength={30}
      />
      <Isian
        id="akun-baru-email"
        label="Email (untuk pemulihan kata sandi)"
        type="email"
        inputMode="email"
        nilai={email}
        ubah={aturEmail}
        galat={kolom.email}
        autocapitalize="none"
        spellcheck={false}
        maxLength={200}
      />
      <div class="deret-tombol">
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Membuat…' : 'Buat akun'}
        </button>
        <button type="button" class="tombol tombol-kedua" onClick={tutup}>
          Batal
        </button>
      </div>
    </form>
  );
}

// ---------- Masuk sebagai desa ----------

const OPSI_MENIT = [15, 30, 60, 120].map((m) => ({ nilai: String(m), label: `${m} menit` }));

function BagianMasukSebagai({ desa }: { desa: DetailDesa }) {
  const { muatSesi } = useAplikasi();
  const [alasan, aturAlasan] = useState('');
  const [menit, aturMenit] = useState('30');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    if ([...alasan.trim()].length < 10) {
      aturKolom({ alasan: 'Tulis alasan yang jelas (minimal 10 karakter), misalnya nomor tiket.' });
      aturGalat('Periksa isian yang ditandai.');
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      await api.post(`/api/konsol/desa/${desa.id}/masuk-sebagai`, { alasan: alasan.trim(), menit: Number(menit) });
    } catch (err) {
      aturGalat('Belum bisa masuk sebagai desa: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
      aturMengirim(false);
      return;
    }
    // The village admin screens open on their dashboard.
    gantiAlamat('/');
    try {
      await muatSesi();
    } catch (err) {
      aturGalat(pesanGalat(err));
      aturMengirim(false);
    }
  };

  return (
    <section class="bagian" aria-labelledby="judul-masuk-sebagai">
      <h2 id="judul-masuk-sebagai">Masuk sebagai desa</h2>
      <p class="petunjuk">
        Buka halaman admin {desa.label} seperti admin desanya, untuk membantu langsung. Waktunya terbatas, selalu
        tampil pita penanda, dan setiap perubahan dicatat atas nama akun Anda.
      </p>
      <form onSubmit={kirim} noValidate>
        <KotakGalat pesan={galat} />
        <Isian
          id="masuk-sebagai-alasan"
          label="Alasan"
          petunjuk="Minimal 10 karakter, misalnya “Tiket 42: foto berita tidak muncul”."
          nilai={alasan}
          ubah={aturAlasan}
          galat={kolom.alasan}
          maxLength={300}
          wajib
        />
        <Pilihan id="masuk-sebagai-menit" label="Lama" nilai={menit} ubah={aturMenit} opsi={OPSI_MENIT} galat={kolom.menit} />
        <div class="deret-tombol">
          <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
            {mengirim ? 'Membuka…' : 'Masuk sebagai desa'}
          </button>
        </div>
      </form>
    </section>
  );
}

// ---------- Domains ----------

function BagianDomain({
  desaId,
  slug,
  awal,
  bolehUbah,
}: {
  desaId: number;
  slug: string;
  awal: Domain[];
  bolehUbah: boolean;
}) {
  const { umumkan } = useAplikasi();
  const [domain, aturDomain] = useState<Domain[]>(awal);
  const [host, aturHost] = useState('');
  const [utama, aturUtama] = useState(false);
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [sibuk, aturSibuk] = useState<string | null>(null);
  const dasar = `/api/konsol/desa/${desaId}/domain`;

  const aksi = async (kunci: string, kerja: () => Promise<{ item: Domain[] }>, pesan: string) => {
    aturSibuk(kunci);
    aturGalat(null);
    try {
      const r = await kerja();
      aturDomain(r.item);
      umumkan(pesan);
      return true;
    } catch (e) {
      aturGalat(pesanGalat(e));
      if (e instanceof ApiError) aturKolom(e.kolom);
      return false;
    } finally {
      aturSibuk(null);
    }
  };

  const tambah = async (e: Event) => {
    e.preventDefault();
    const h = host.trim().toLowerCase();
    if (!h) {
      aturKolom({ hostname: 'Tulis nama domain, misalnya sukamaju.desa.id.' });
      return;
    }
    aturKolom({});
    const ok = await aksi('tambah', () => api.post(dasar, { hostname: h, utama }), `Domain ${h} ditambahkan.`);
    if (ok) {
      aturHost('');
      aturUtama(false);
    }
  };

  return (
    <section class="bagian" aria-labelledby="judul-domain">
      <h2 id="judul-domain">Domain</h2>
      <p class="petunjuk">
        Alamat bawaan <strong>{slug}</strong> di domain kabupaten selalu ada. Domain milik desa sendiri (misalnya
        .desa.id) harus diarahkan (record A atau CNAME) ke server ini; periksa DNS setelah desa mengubahnya.
      </p>
      <KotakGalat pesan={galat} />
      {domain.length ? (
        <ul class="daftar-kartu">
          {domain.map((x) => {
            const h = encodeURIComponent(x.hostname);
            return (
              <li key={x.hostname} class="kartu">
                <h3 class="judul-kartu">
                  {x.hostname} {x.utama ? <Lencana jenis="published">Utama</Lencana> : null}
                </h3>
                <p class="meta">
                  {x.dns === null ? (
                    'DNS belum diperiksa.'
                  ) : x.dns ? (
                    <Lencana jenis="published">DNS benar</Lencana>
                  ) : (
                    <Lencana jenis="trash">DNS belum benar</Lencana>
                  )}{' '}
                  {x.dns_keterangan}
                  {x.dns_diperiksa ? ` (diperiksa ${waktu(x.dns_diperiksa)})` : ''}
                </p>
                <Sertifikat s={x.sertifikat} />
                {bolehUbah ? (
                  <div class="deret-tombol">
                    <button
                      type="button"
                      class="tombol tombol-kedua"
                      disabled={sibuk !== null}
                      onClick={() => void aksi(`periksa-${x.hostname}`, () => api.post(`${dasar}/${h}/periksa`, {}), `DNS ${x.hostname} sudah diperiksa.`)}
                    >
                      {sibuk === `periksa-${x.hostname}` ? 'Memeriksa…' : 'Periksa DNS'}
                      <span class="sr"> {x.hostname}</span>
                    </button>
                    {!x.utama ? (
                      <button
                        type="button"
                        class="tombol tombol-kedua"
                        disabled={sibuk !== null}
                        onClick={() => void aksi(`utama-${x.hostname}`, () => api.post(`${dasar}/${h}/utama`, {}), `${x.hostname} sekarang alamat utama.`)}
                      >
                        Jadikan utama<span class="sr"> {x.hostname}</span>
                      </button>
                    ) : null}
                    <button
                      type="button"
                      class="tombol tombol-bahaya"
                      disabled={sibuk !== null}
                      onClick={() => {
                        if (!window.confirm(`Hapus domain ${x.hostname} dari desa ini?`)) return;
                        void aksi(`hapus-${x.hostname}`, () => api.hapus(`${dasar}/${h}`), `Domain ${x.hostname} dihapus.`);
                      }}
                    >
                      Hapus<span class="sr"> domain {x.hostname}</span>
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="petunjuk">Belum ada domain sendiri.</p>
      )}
      {bolehUbah ? (
        <form class="panel" onSubmit={tambah} noValidate>
          <h3>Tambah domain</h3>
          <Isian
            id="domain-baru"
            label="Nama domain"
            placeholder="sukamaju.desa.id"
            nilai={host}
            ubah={aturHost}
            galat={kolom.hostname}
            autocapitalize="none"
            spellcheck={false}
            maxLength={253}
          />
          <div class="kolom">
            <label class="pilihan-centang">
              <input type="checkbox" checked={utama} onChange={(e) => aturUtama((e.currentTarget as HTMLInputElement).checked)} />
              Jadikan alamat utama (alamat lain dialihkan ke sini)
            </label>
          </div>
          <button type="submit" class="tombol tombol-utama" disabled={sibuk !== null}>
            {sibuk === 'tambah' ? 'Menambahkan…' : 'Tambah domain'}
          </button>
        </form>
      ) : null}
    </section>
  );
}

// ---------- Status (lifecycle) ----------

type StatusKirim = 'aktif' | 'ditangguhkan' | 'diarsipkan';

const KE_KIRIM: Record<StatusDesa, StatusKirim> = { active: 'aktif', suspended: 'ditangguhkan', archived: 'diarsipkan' };

const PILIHAN_STATUS: { nilai: StatusKirim; label: string; ket: string }[] = [
  { nilai: 'aktif', label: 'Aktif', ket: 'website tampil normal dan bisa diubah desa.' },
  {
    nilai: 'ditangguhkan',
    label: 'Ditangguhkan',
    ket: 'pengunjung hanya melihat pemberitahuan pemeliharaan beserta alasannya (misalnya situs dibobol).',
  },
  { nilai: 'diarsipkan', label: 'Diarsipkan', ket: 'website tetap bisa dibaca, tetapi desa tidak bisa mengubah isinya.' },
];

function BagianStatus({ desa, selesai }: { desa: DetailDesa; selesai: (s: StatusDesa, alasan: string) => void }) {
  const { umumkan } = useAplikasi();
  const [status, aturStatus] = useState<StatusKirim>(KE_KIRIM[desa.status] ?? 'aktif');
  const [alasan, aturAlasan] = useState(desa.alasan_status ?? '');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim) return;
    if (status === 'ditangguhkan' && !alasan.trim()) {
      aturKolom({ alasan: 'Tulis alasan penangguhan; alasan ini tampil untuk pengunjung website.' });
      return;
    }
    const label = PILIHAN_STATUS.find((p) => p.nilai === status)?.label ?? status;
    if (!window.confirm(`Ubah status website ${desa.label} menjadi “${label}”?`)) return;
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      const r = await api.post<{ status: StatusDesa; alasan_status: string }>(`/api/konsol/desa/${desa.id}/status`, {
        status,
        alasan: alasan.trim(),
      });
      selesai(r.status, r.alasan_status);
      umumkan(`Status website ${desa.label}: ${label}.`);
    } catch (err) {
      aturGalat('Gagal mengubah status: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <section class="bagian" aria-labelledby="judul-status-desa">
      <h2 id="judul-status-desa">Status website</h2>
      <form onSubmit={kirim} noValidate>
        <KotakGalat pesan={galat} />
        <fieldset class="kolom">
          <legend>Status</legend>
          {PILIHAN_STATUS.map((p) => (
            <label key={p.nilai} class="pilihan-radio">
              <input
                type="radio"
                name="status-desa"
                value={p.nilai}
                checked={status === p.nilai}
                onChange={() => aturStatus(p.nilai)}
              />
              <span>
                <strong>{p.label}</strong>: {p.ket}
              </span>
            </label>
          ))}
        </fieldset>
        {status !== 'aktif' ? (
          <Area
            id="status-alasan"
            label="Alasan"
            petunjuk={status === 'ditangguhkan' ? 'Tampil untuk pengunjung website.' : 'Dicatat di log audit.'}
            nilai={alasan}
            ubah={aturAlasan}
            galat={kolom.alasan}
            maxLength={500}
            wajib={status === 'ditangguhkan'}
          />
        ) : null}
        <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
          {mengirim ? 'Menyimpan…' : 'Simpan status'}
        </button>
      </form>
    </section>
  );
}

// ---------- Archive download ----------

function BagianArsip({ desa }: { desa: DetailDesa }) {
  return (
    <section class="bagian" aria-labelledby="judul-arsip-desa">
      <h2 id="judul-arsip-desa">Arsip desa</h2>
      <p class="petunjuk">
        Satu berkas .tar berisi isi website, pengaturan, gambar, dan manifest dengan checksum. Arsip ini berisi data
        pribadi warga: simpan dengan aman. Setiap unduhan dicatat di log audit.
      </p>
      <p>
        <a href={`/api/konsol/desa/${desa.id}/arsip`} download>
          Unduh arsip desa<span class="sr"> {desa.label}</span>
        </a>
      </p>
    </section>
  );
}

// ---------- Removing the village ----------

function BagianHapus({ desa }: { desa: DetailDesa }) {
  const { umumkan } = useAplikasi();
  const [ketik, aturKetik] = useState('');
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);
  const cocok = ketik.trim() === desa.kode;

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (mengirim || !cocok) return;
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    try {
      const r = await panggil<{ id: number; kode: string; arsip: string; ukuran: number }>(
        'DELETE',
        `/api/konsol/desa/${desa.id}`,
        { konfirmasi: ketik.trim() },
      );
      umumkan(`${desa.label} dihapus. Arsipnya disimpan di server sebagai ${r.arsip}.`);
      pergi('/');
    } catch (err) {
      aturGalat('Gagal menghapus desa: ' + pesanGalat(err));
      if (err instanceof ApiError) aturKolom(err.kolom);
      aturMengirim(false);
    }
  };

  return (
    <section class="bagian zona-bahaya" aria-labelledby="judul-hapus-desa">
      <h2 id="judul-hapus-desa">Hapus desa</h2>
      <details class="panel">
        <summary>Hapus website {desa.label} beserta semua datanya</summary>
        <p>
          Sebelum dihapus, arsip lengkap desa ini disimpan dulu di server. Setelah itu website, semua isi dan data,
          akun desa, serta gambarnya dihapus.
        </p>
        <p>
          Untuk memulihkan, pasang arsip itu lewat <a href="#/tambah-desa">Tambah desa</a> → “Pasang arsip desa”.
        </p>
        <form onSubmit={kirim} noValidate>
          <KotakGalat pesan={galat} />
          <Isian
            id="hapus-desa-konfirmasi"
            label="Ketik kode wilayah desa untuk memastikan"
            petunjuk={
              <>
                Kode wilayah {desa.label}: <strong>{desa.kode}</strong>
              </>
            }
            nilai={ketik}
            ubah={aturKetik}
            galat={kolom.konfirmasi}
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            maxLength={40}
          />
          <div class="deret-tombol">
            <button type="submit" class="tombol tombol-bahaya" disabled={!cocok || mengirim}>
              {mengirim ? 'Menghapus…' : 'Hapus desa ini'}
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}

// The HTTPS certificate a visitor's browser gets for this domain.
function Sertifikat({ s }: { s: Domain['sertifikat'] }) {
  if (!s || s.status === 'https_tidak_aktif') return null;
  if (s.status === 'tidak_ada')
    return (
      <p class="meta">
        <Lencana jenis="trash">Belum ada sertifikat</Lencana> Terbitkan dengan deploy/balai-cert.sh setelah DNS benar.
      </p>
    );
  const sampai = s.berlaku_hingga ? new Date(s.berlaku_hingga).toLocaleDateString('id-ID', { dateStyle: 'long' }) : '';
  return (
    <p class="meta">
      {s.status === 'berlaku' ? (
        <Lencana jenis="published">Sertifikat berlaku</Lencana>
      ) : s.status === 'segera_habis' ? (
        <Lencana jenis="pending">Sertifikat segera habis</Lencana>
      ) : (
        <Lencana jenis="trash">Sertifikat kedaluwarsa</Lencana>
      )}{' '}
      sampai {sampai} ({s.sisa_hari} hari lagi), dari {s.penerbit}
    </p>
  );
}
