// Hash routes (#/berita/12?status=draft): the server only serves index.html.
import { useEffect, useState } from 'preact/hooks';

export interface Rute {
  /** Path segments: "#/berita/12" → ["berita", "12"]. */
  jalur: string[];
  query: URLSearchParams;
  /** The whole route after "#", e.g. "/berita?status=draft". */
  mentah: string;
  /** Counts navigations, so a page can be started afresh at the same address. */
  nomor: number;
}

let nomorNavigasi = 0;

export function bacaRute(): Rute {
  const mentah = location.hash.replace(/^#/, '') || '/';
  const tanya = mentah.indexOf('?');
  const jalur = tanya >= 0 ? mentah.slice(0, tanya) : mentah;
  const query = new URLSearchParams(tanya >= 0 ? mentah.slice(tanya + 1) : '');
  return { jalur: jalur.split('/').filter(Boolean).map(decodeURIComponent), query, mentah, nomor: nomorNavigasi++ };
}

export function useRute(): Rute {
  const [rute, aturRute] = useState(bacaRute);
  useEffect(() => {
    const ubah = () => aturRute(bacaRute());
    window.addEventListener('hashchange', ubah);
    return () => window.removeEventListener('hashchange', ubah);
  }, []);
  return rute;
}

export function pergi(jalur: string): void {
  const tujuan = '#' + jalur;
  if (location.hash === tujuan) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = tujuan;
}

/** Change the address without re-rendering the page (e.g. a new item got its id). */
export function gantiAlamat(jalur: string): void {
  history.replaceState(history.state, '', '#' + jalur);
}
