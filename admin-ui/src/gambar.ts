// Photos straight from a phone camera are often 5–20 MB and 4000 px or more
// wide. Before upload they are shrunk in the browser: decoded upright
// (EXIF orientation applied), scaled so the longest side is at most 2560 px
// and saved as JPEG quality 0.85 (a picture with transparent parts stays
// PNG). Re-encoding also drops the camera's EXIF data (GPS position).
// Whatever fails along the way, the original file is used.

const SISI_MAKS = 2560;
const BATAS_UKURAN = 1.5 * 1024 * 1024;
const MUTU_JPEG = 0.85;
const JENIS = ['image/jpeg', 'image/png', 'image/webp'];

type Konteks = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function buatKanvas(lebar: number, tinggi: number): { kanvas: OffscreenCanvas | HTMLCanvasElement; ctx: Konteks } | null {
  if (typeof OffscreenCanvas !== 'undefined') {
    try {
      const kanvas = new OffscreenCanvas(lebar, tinggi);
      const ctx = kanvas.getContext('2d');
      if (ctx) return { kanvas, ctx };
    } catch {
      // Older Safari: OffscreenCanvas without 2D. Use a DOM canvas.
    }
  }
  const kanvas = document.createElement('canvas');
  kanvas.width = lebar;
  kanvas.height = tinggi;
  const ctx = kanvas.getContext('2d');
  return ctx ? { kanvas, ctx } : null;
}

function keBlob(kanvas: OffscreenCanvas | HTMLCanvasElement, jenis: string, mutu?: number): Promise<Blob | null> {
  if ('convertToBlob' in kanvas) return kanvas.convertToBlob({ type: jenis, quality: mutu });
  return new Promise((selesai) => kanvas.toBlob(selesai, jenis, mutu));
}

function adaTransparan(ctx: Konteks, lebar: number, tinggi: number): boolean {
  const px = ctx.getImageData(0, 0, lebar, tinggi).data;
  for (let i = 3; i < px.length; i += 4) {
    if (px[i] < 255) return true;
  }
  return false;
}

/**
 * The picture to upload: a smaller JPEG (or PNG) when `berkas` is over
 * ~1.5 MB or over 2560 px on its longest side and shrinking actually makes
 * it smaller; otherwise `berkas` itself.
 */
export async function perkecilGambar(berkas: File): Promise<Blob> {
  if (!JENIS.includes(berkas.type) || typeof createImageBitmap !== 'function') return berkas;
  let bmp: ImageBitmap | null = null;
  try {
    bmp = await createImageBitmap(berkas, { imageOrientation: 'from-image' });
    const sisi = Math.max(bmp.width, bmp.height);
    if (!sisi || (berkas.size <= BATAS_UKURAN && sisi <= SISI_MAKS)) return berkas;
    const skala = Math.min(1, SISI_MAKS / sisi);
    const lebar = Math.max(1, Math.round(bmp.width * skala));
    const tinggi = Math.max(1, Math.round(bmp.height * skala));
    const k = buatKanvas(lebar, tinggi);
    if (!k) return berkas;
    k.ctx.imageSmoothingEnabled = true;
    k.ctx.imageSmoothingQuality = 'high';
    k.ctx.drawImage(bmp, 0, 0, lebar, tinggi);
    bmp.close();
    bmp = null;
    const png = berkas.type !== 'image/jpeg' && adaTransparan(k.ctx, lebar, tinggi);
    const hasil = png ? await keBlob(k.kanvas, 'image/png') : await keBlob(k.kanvas, 'image/jpeg', MUTU_JPEG);
    if (!hasil || !hasil.size || !JENIS.includes(hasil.type) || hasil.size >= berkas.size) return berkas;
    return hasil;
  } catch {
    return berkas;
  } finally {
    bmp?.close();
  }
}
