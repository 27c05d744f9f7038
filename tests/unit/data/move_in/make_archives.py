#!/usr/bin/env python3
"""Writes the archive fixtures of move_in_test.cpp: small copies of an
OpenSID desa/ folder (desa.zip, desa.tar.gz) and two archives that name
paths outside themselves (traversal.zip, traversal.tar). Run from this
directory; the output is deterministic."""
import base64
import io
import struct
import tarfile
import zipfile
import zlib


def png(rgb):
    """A 1x1 PNG of one colour."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" + bytes(rgb), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# A 1x1 baseline JPEG (grey).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////"
    "////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAA"
    "AAAAAAAAAAAAAP/aAAgBAQABPxA=")

FILES = [
    ("desa/upload/artikel/1692236400_gotong.jpg", JPEG),
    ("desa/upload/artikel/sedang_1692236400_gotong.jpg", JPEG + b"sedang"),
    ("desa/upload/artikel/kecil_1692236400_gotong.jpg", JPEG + b"kecil"),
    ("desa/upload/artikel/sedang_1692236400_irigasi.jpg", JPEG + b"sedang"),
    ("desa/upload/artikel/kecil_1692236400_irigasi.jpg", JPEG + b"kecil"),
    ("desa/upload/artikel/kecil_1700000000_blt.png", png((200, 30, 30))),
    ("desa/upload/galeri/sedang_1692236400_gotong.jpg", JPEG + b"galeri"),
    ("desa/upload/galeri/kegiatan.png", png((30, 120, 200))),
    ("desa/upload/dokumen/daftar_penerima_blt.pdf", b"%PDF-1.4\n%fixture\n"),
    ("desa/upload/artikel/bukan-gambar.jpg", b"this is not a picture"),
    ("desa/config/config.php", b"<?php // fixture\n"),
    ("__MACOSX/desa/upload/artikel/._1692236400_gotong.jpg", b"\x00\x05\x16\x07AppleDouble"),
    ("desa/upload/media/" + "sangat-panjang-" * 8 + "foto.webp",
     b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"),
]


def write_zip(name, files):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("desa/", (2024, 1, 1, 0, 0, 0)), b"")
        for path, data in files:
            z.writestr(zipfile.ZipInfo(path, (2024, 1, 1, 0, 0, 0)), data)


def tar_bytes(files, links=True):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        d = tarfile.TarInfo("desa")
        d.type = tarfile.DIRTYPE
        d.mtime = 1704067200
        t.addfile(d)
        for path, data in files:
            info = tarfile.TarInfo(path)
            info.size = len(data)
            info.mtime = 1704067200
            t.addfile(info, io.BytesIO(data))
        if links:
            link = tarfile.TarInfo("desa/upload/artikel/tautan.jpg")
            link.type = tarfile.SYMTYPE
            link.linkname = "1692236400_gotong.jpg"
            link.mtime = 1704067200
            t.addfile(link)
    return buf.getvalue()


def main():
    write_zip("desa.zip", FILES)
    raw = tar_bytes(FILES)
    with open("desa.tar.gz", "wb") as f:
        # mtime 0 and no file name: the same bytes every run.
        with io.BytesIO() as out:
            import gzip
            with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as g:
                g.write(raw)
            f.write(out.getvalue())
    write_zip("traversal.zip", [("desa/upload/artikel/a.png", png((0, 0, 0))), ("../../etc/cron.d/evil.png", png((0, 0, 0)))])
    with open("traversal.tar", "wb") as f:
        f.write(tar_bytes([("desa/upload/artikel/a.png", png((0, 0, 0))), ("desa/../../evil.png", png((0, 0, 0)))], links=False))


if __name__ == "__main__":
    main()
