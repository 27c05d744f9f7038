import { useState } from 'preact/hooks';
import { ApiError, api, pesanGalat } from '../api';
import type { Media, Pengaturan } from '../jenis';
import { useAplikasi } from '../konteks';
import { PilihGambar } from '../komponen/PilihGambar';
import { BarisSimpan, Isian, IsiData, JudulHalaman, KotakGalat, useData, type KeadaanSimpan } from '../komponen/ui';

/** WCAG contrast ratio of a #rrggbb colour against white. */
function kontrasPutih(hex: string): number | null {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return null;
  const n = parseInt(m[1], 16);
  const kanal = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const L = 0.2126 * kanal[0] + 0.7152 * kanal[1] + 0.0722 * kanal[2];
  return 1.05 / (L + 0.05);
}

export function HalamanPengaturan() {
  const { akun } = useAplikasi();
  const [f, aturF] = useState<Pengaturan | null>(null);
  const d = useData(async (signal) => {
    const p = await api.get<Pengaturan>('/api/pengaturan', { signal });
    aturF({ ...p, tagline: p.tagline ?? '', warna: p.warna || '#0b5d4b', tema: p.tema || 'balai' });
    return p;
  });
  const [simpan, aturSimpan] = useState<KeadaanSimpan>({ k: 'diam' });
  const [galat, aturGalat] = useState<string | null>(null);
  const [kolom, aturKolom] = useState<Record<string, string>>({});
  const [mengirim, aturMengirim] = useState(false);

  const ubah = (p: Partial<Pengaturan>) => {
    aturF((l) => (l ? { ...l, ...p } : l));
    aturSimpan((s) => (s.k === 'tersimpan' || s.k === 'diam' ? { k: 'berubah' } : s));
  };

  const kirim = async (e: Event) => {
    e.preventDefault();
    if (!f || mengirim) return;
    if (!/^#[0-9a-f]{6}$/i.test(f.warna)) {
      aturKolom({ warna: 'Tulis warna dalam format #rrggbb, misalnya #0b5d4b.' });
      aturSimpan({ k: 'galat', pesan: 'Belum disimpan: periksa isian yang ditandai.' });
      return;
    }
    aturMengirim(true);
    aturGalat(null);
    aturKolom({});
    aturSimpan({ k: 'menyimpan' });
    try {
      await api.put('/api/pengaturan', {
        tagline: f.tagline.trim(),
        tema: f.tema,
        warna: f.warna.toLowerCase(),
        hero: f.hero?.key ?? null,
        logo: f.logo?.key ?? null,
      });
      aturSimpan({ k: 'tersimpan', waktu: new Date() });
    } catch (err) {
      const pesan = 'Gagal menyimpan: ' + pesanGalat(err);
      aturGalat(pesan);
      aturSimpan({ k: 'galat', pesan });
      if (err instanceof ApiError) aturKolom(err.kolom);
    } finally {
      aturMengirim(false);
    }
  };

  return (
    <>
      <p class="kembali">
        <a href="#/lainnya">‹ Lainnya</a>
      </p>
      <JudulHalaman>Pengaturan website</JudulHalaman>
      <IsiData d={d}>
        {() =>
          f ? (
            <form onSubmit={kirim} noValidate>
              <KotakGalat pesan={galat} />
              <Isian
                id="atur-tagline"
                label="Slogan desa"
                petunjuk="Kalimat pendek di bawah nama desa, misalnya “Desa wisata yang guyub dan lestari”."
                nilai={f.tagline}
                ubah={(v) => ubah({ tagline: v })}
                galat={kolom.tagline}
                maxLength={160}
              />
              <fieldset class="kolom">
                <legend>Tema tampilan</legend>
                <label class="pilihan-radio">
                  <input type="radio" name="tema" value="balai" checked={f.tema === 'balai'} onChange={() => ubah({ tema: 'balai' })} />
                  Balai — tampilan umum yang rapi
                </label>
                <label class="pilihan-radio">
                  <input
                    type="radio"
                    name="tema"
                    value="pesisir"
                    checked={f.tema === 'pesisir'}
                    onChange={() => ubah({ tema: 'pesisir' })}
                  />
                  Pesisir — nuansa laut yang cerah
                </label>
                {kolom.tema ? <p class="pesan-galat">{kolom.tema}</p> : null}
              </fieldset>
              <WarnaUtama warna={f.warna} ubah={(w) => ubah({ warna: w })} galat={kolom.warna} />
              <PilihGambar
                id="atur-hero"
                label="Gambar utama beranda"
                petunjuk="Foto lebar yang tampil paling atas di beranda website, misalnya pemandangan desa."
                nilai={f.hero}
                ubah={(m: Media | null) => ubah({ hero: m })}
                alt={`Pemandangan ${akun.desa?.label ?? 'desa'}`}
                galat={kolom.hero}
              />
              <PilihGambar
                id="atur-logo"
                label="Logo desa"
                petunjuk="Sebaiknya gambar persegi berlatar polos, misalnya PNG."
                nilai={f.logo}
                ubah={(m: Media | null) => ubah({ logo: m })}
                alt={`Logo ${akun.desa?.label ?? 'desa'}`}
                galat={kolom.logo}
              />
              <div class="bilah-simpan">
                <BarisSimpan keadaan={simpan} />
                <button type="submit" class="tombol tombol-utama" disabled={mengirim}>
                  Simpan pengaturan
                </button>
              </div>
            </form>
          ) : null
        }
      </IsiData>
    </>
  );
}

function WarnaUtama({ warna, ubah, galat }: { warna: string; ubah: (w: string) => void; galat?: string }) {
  const kontras = kontrasPutih(warna);
  const kurang = kontras !== null && kontras < 4.5;
  return (
    <div class={'kolom' + (galat ? ' kolom-galat' : '')}>
      <label for="atur-warna">Warna utama</label>
      <p class="petunjuk" id="atur-warna-petunjuk">
        Dipakai untuk tombol dan judul di website. Pilih warna yang cukup gelap agar tulisan putih di atasnya mudah
        dibaca.
      </p>
      <div class="deret-warna">
        <input
          id="atur-warna"
          type="color"
          value={/^#[0-9a-f]{6}$/i.test(warna) ? warna : '#0b5d4b'}
          onInput={(e) => ubah((e.currentTarget as HTMLInputElement).value)}
          aria-describedby="atur-warna-petunjuk"
        />
        <label class="sr" for="atur-warna-kode">
          Kode warna
        </label>
        <input
          id="atur-warna-kode"
          class="input-kode-warna"
          value={warna}
          maxLength={7}
          spellcheck={false}
          autocapitalize="none"
          onInput={(e) => ubah((e.currentTarget as HTMLInputElement).value.trim())}
          aria-invalid={galat ? 'true' : undefined}
        />
        {/* Preact sets this through CSSOM (element.style), which the CSP allows. */}
        <span class="contoh-warna" style={{ backgroundColor: kontras !== null ? warna : undefined }}>
          Contoh tombol
        </span>
      </div>
      {kurang ? (
        <p class="pesan-peringatan">
          Warna ini terlalu terang: tulisan putih di atasnya sulit dibaca (kontras {kontras!.toFixed(1)}:1, minimal
          4,5:1).
        </p>
      ) : null}
      {galat ? <p class="pesan-galat">{galat}</p> : null}
    </div>
  );
}
