// "Kecamatan": the kecamatan ranked by their share of active villages, and
// the 12-week trend of active villages as a small SVG chart (with the same
// numbers in a table for screen readers and for copying).
import { api } from '../api';
import { angka, tanggalPanjang } from '../format';
import { IsiData, JudulHalaman, useData } from '../komponen/ui';
import { GulirTabel } from './bersama';
import type { BarisKecamatan, Minggu } from './jenis';

const fmtMinggu = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short' });

function labelMinggu(iso: string): string {
  const d = new Date(iso + 'T12:00:00');
  return Number.isNaN(d.getTime()) ? iso : fmtMinggu.format(d);
}

export function HalamanKecamatan() {
  const kec = useData((signal) => api.get<{ item: BarisKecamatan[] }>('/api/konsol/kecamatan', { signal }));
  const tren = useData((signal) => api.get<{ item: Minggu[] }>('/api/konsol/tren', { signal }));
  return (
    <>
      <JudulHalaman>Kecamatan</JudulHalaman>
      <p class="sub">Peringkat kecamatan menurut persentase desa yang websitenya aktif (diperbarui dalam 30 hari).</p>

      <section aria-labelledby="judul-tren">
        <h2 id="judul-tren">Tren 12 minggu</h2>
        <IsiData d={tren}>{(r) => <GrafikTren minggu={r.item} />}</IsiData>
      </section>

      <section aria-labelledby="judul-peringkat">
        <h2 id="judul-peringkat">Peringkat kecamatan</h2>
        <IsiData d={kec}>
          {(r) =>
            r.item.length ? (
              <GulirTabel label="Tabel peringkat kecamatan">
                <table class="tabel-konsol">
                  <thead>
                    <tr>
                      <th scope="col" class="sel-angka">
                        #
                      </th>
                      <th scope="col">Kecamatan</th>
                      <th scope="col" class="sel-angka">
                        Desa
                      </th>
                      <th scope="col" class="sel-angka">
                        Aktif
                      </th>
                      <th scope="col" class="sel-angka">
                        Kurang aktif
                      </th>
                      <th scope="col" class="sel-angka">
                        Tidak aktif
                      </th>
                      <th scope="col">Persen aktif</th>
                      <th scope="col" class="sel-angka">
                        Berita 30 hari
                      </th>
                      <th scope="col" class="sel-angka">
                        Rata-rata langkah awal
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.item.map((k) => (
                      <tr key={k.id}>
                        <td class="sel-angka">{k.peringkat}</td>
                        <th scope="row">
                          <a href={`#/?kecamatan=${k.id}`}>{k.nama}</a>
                        </th>
                        <td class="sel-angka">{angka(k.desa)}</td>
                        <td class="sel-angka">{angka(k.aktif)}</td>
                        <td class="sel-angka">{angka(k.kurang_aktif)}</td>
                        <td class="sel-angka">{angka(k.tidak_aktif)}</td>
                        <td>
                          <span class="batang-persen">
                            <meter min={0} max={100} value={k.persen_aktif} aria-hidden="true" />
                            <span>{k.persen_aktif.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%</span>
                          </span>
                        </td>
                        <td class="sel-angka">{angka(k.berita_30)}</td>
                        <td class="sel-angka">
                          {k.rata_langkah_awal.toLocaleString('id-ID', { maximumFractionDigits: 1 })} / 5
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </GulirTabel>
            ) : (
              <p class="kosong">Belum ada kecamatan.</p>
            )
          }
        </IsiData>
      </section>
    </>
  );
}

// Chart geometry (SVG user units; the drawing scales with its box).
const L = 640;
const T = 240;
const KIRI = 44;
const KANAN = 12;
const ATAS = 22;
const BAWAH = 34;

/** Bars: active villages per week, against the number of villages (the light bar behind). */
export function GrafikTren({ minggu }: { minggu: Minggu[] }) {
  if (!minggu.length) return <p class="kosong">Belum ada data tren.</p>;
  const maks = Math.max(1, ...minggu.map((m) => Math.max(m.desa, m.aktif)));
  const lebarArea = L - KIRI - KANAN;
  const tinggiArea = T - ATAS - BAWAH;
  const slot = lebarArea / minggu.length;
  const batang = Math.max(6, slot * 0.62);
  const y = (n: number) => ATAS + tinggiArea - (n / maks) * tinggiArea;
  const awal = minggu[0];
  const akhir = minggu[minggu.length - 1];
  const ringkas =
    `Desa aktif per minggu selama ${minggu.length} minggu: dari ${angka(awal.aktif)} menjadi ${angka(akhir.aktif)} ` +
    `dari ${angka(akhir.desa)} desa.`;
  const garis = [0, Math.round(maks / 2), maks].filter((v, i, a) => a.indexOf(v) === i);
  return (
    <figure class="grafik-tren">
      <svg viewBox={`0 0 ${L} ${T}`} role="img" aria-label={ringkas} class="svg-tren">
        {garis.map((v) => (
          <g key={`g${v}`}>
            <line x1={KIRI} x2={L - KANAN} y1={y(v)} y2={y(v)} class="garis-bantu" />
            <text x={KIRI - 6} y={y(v) + 4} class="teks-sumbu-y">
              {v}
            </text>
          </g>
        ))}
        {minggu.map((m, i) => {
          const x = KIRI + i * slot + (slot - batang) / 2;
          return (
            <g key={m.minggu_berakhir}>
              <rect x={x} y={y(m.desa)} width={batang} height={Math.max(0, y(0) - y(m.desa))} class="batang-total" />
              <rect x={x} y={y(m.aktif)} width={batang} height={Math.max(0, y(0) - y(m.aktif))} class="batang-aktif" />
              <text x={x + batang / 2} y={y(m.aktif) - 5} class="teks-nilai">
                {m.aktif}
              </text>
              {(minggu.length - 1 - i) % 2 === 0 ? (
                <text x={x + batang / 2} y={T - BAWAH + 18} class="teks-sumbu-x">
                  {labelMinggu(m.minggu_berakhir)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="kunci-grafik">
          <span class="contoh-batang contoh-aktif" aria-hidden="true" /> desa aktif (diperbarui dalam 30 hari sampai akhir
          minggu itu)
        </span>{' '}
        <span class="kunci-grafik">
          <span class="contoh-batang contoh-total" aria-hidden="true" /> jumlah desa
        </span>
      </figcaption>
      <details class="tabel-grafik">
        <summary>Lihat angkanya dalam tabel</summary>
        <GulirTabel label="Tabel tren desa aktif">
          <table class="tabel-konsol">
            <thead>
              <tr>
                <th scope="col">Minggu berakhir</th>
                <th scope="col" class="sel-angka">
                  Desa aktif
                </th>
                <th scope="col" class="sel-angka">
                  Jumlah desa
                </th>
              </tr>
            </thead>
            <tbody>
              {minggu.map((m) => (
                <tr key={m.minggu_berakhir}>
                  <th scope="row">{tanggalPanjang(m.minggu_berakhir + 'T12:00:00')}</th>
                  <td class="sel-angka">{angka(m.aktif)}</td>
                  <td class="sel-angka">{angka(m.desa)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </GulirTabel>
      </details>
    </figure>
  );
}
