// One form field of the village's structured data, chosen by the field's
// type in the server's schema.
import { petunjukRupiah, type NilaiIsian } from '../dataDesa';
import type { KolomData, Media } from '../jenis';
import { PilihGambar } from './PilihGambar';
import { Area, Isian, Pilihan } from './ui';

/** Help shown for a type whatever the server says. */
const BANTUAN_TIPE: Partial<Record<KolomData['tipe'], string>> = {
  telepon_wa: 'Nomor WhatsApp diawali 62, contoh 6281234567890.',
  tautan: 'Halaman di website ini diawali /, misalnya /profil/sejarah; alamat luar diawali https://.',
  uang: 'Angka saja tanpa titik, misalnya 1250000.',
  desimal: 'Pecahan boleh memakai koma atau titik, misalnya 12,5.',
  gambar: 'JPG, PNG, atau WebP, maksimal 20 MB.',
};

/** Coordinates need the minus sign, which the decimal keypad of some phones lacks. */
function perluMinus(k: KolomData): boolean {
  return /lat|lon|lintang|bujur|koordinat/i.test(k.nama);
}

interface Props {
  kolom: KolomData;
  /** Element id, unique on the page. */
  id: string;
  nilai: NilaiIsian;
  ubah: (v: NilaiIsian) => void;
  galat?: string;
  /** Alt text sent with an uploaded picture. */
  altGambar: string;
}

export function IsianData({ kolom: k, id, nilai, ubah, galat, altGambar }: Props) {
  // The server's help wins; a WhatsApp field always says how the number starts.
  const bawaan = BANTUAN_TIPE[k.tipe];
  const petunjuk =
    (k.bantuan && k.tipe === 'telepon_wa' && !k.bantuan.includes('62') ? `${k.bantuan} ${bawaan}` : k.bantuan) || bawaan;
  if (k.tipe === 'gambar') {
    return (
      <PilihGambar
        id={id}
        label={k.wajib ? `${k.label} (wajib)` : k.label}
        petunjuk={petunjuk}
        nilai={nilai && typeof nilai === 'object' ? nilai : null}
        ubah={(m: Media | null) => ubah(m)}
        alt={altGambar}
        galat={galat}
      />
    );
  }
  const teks = typeof nilai === 'string' ? nilai : '';
  const umum = { id, label: k.label, nilai: teks, ubah: (v: string) => ubah(v), galat, petunjuk, wajib: k.wajib };
  switch (k.tipe) {
    case 'teks_panjang':
      return <Area {...umum} maxLength={k.maks} rows={5} />;
    case 'pilihan':
      return (
        <Pilihan
          {...umum}
          opsi={[
            { nilai: '', label: k.wajib ? 'Pilih…' : '—', nonaktif: k.wajib },
            ...(k.pilihan ?? []).map((p) => ({ nilai: String(p.nilai), label: p.label })),
          ]}
        />
      );
    case 'angka':
      return <Isian {...umum} inputMode="numeric" autocomplete="off" />;
    case 'uang': {
      const rp = petunjukRupiah(teks);
      return (
        <Isian
          {...umum}
          inputMode="numeric"
          autocomplete="off"
          setelah={
            <span class="nilai-rupiah" data-testid={`${id}-rupiah`}>
              {rp}
            </span>
          }
        />
      );
    }
    case 'desimal':
      return <Isian {...umum} inputMode={perluMinus(k) ? 'text' : 'decimal'} autocomplete="off" />;
    case 'telepon_wa':
      return <Isian {...umum} type="tel" inputMode="tel" autocomplete="tel" maxLength={k.maks ?? 20} />;
    case 'email':
      return <Isian {...umum} type="email" inputMode="email" autocomplete="email" maxLength={k.maks} spellcheck={false} />;
    case 'tautan':
      return <Isian {...umum} inputMode="url" autocapitalize="none" spellcheck={false} maxLength={k.maks} />;
    default:
      return <Isian {...umum} maxLength={k.maks} />;
  }
}
