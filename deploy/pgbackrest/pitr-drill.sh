#!/usr/bin/env bash
# Latihan pemulihan (PITR) dengan pgBackRest, di klaster PostgreSQL sementara.
#
#   pitr-drill.sh [--keep] [--port N] [--pg-bin DIR]
#
# Makes a scratch PostgreSQL 15 cluster in a temporary folder under /var/tmp
# (run by the postgres user when started as root), with its own socket
# directory, no TCP port, and a pgBackRest repository and configuration in
# the same folder (passed with --config-path/--config, so nothing under /etc
# or /var/lib/pgbackrest is read or written). Then:
#
#   1. creates a table and inserts rows 1-100, takes a full backup;
#   2. inserts rows 101-150 (only in the WAL archive, not in the backup) and
#      records that moment as the recovery target;
#   3. the "accident": inserts rows 151-200, then drops the table;
#   4. stops the cluster, restores with
#      pgbackrest restore --type=time --target=<moment> --target-action=promote,
#      starts it, and checks that rows 1-150 are there and 151-200 are not;
#   5. the media half: snapshots a media folder with deploy/backup-media.sh,
#      loses it, restores the snapshot and checks every file's SHA-256, and
#      checks that a damaged file is detected.
#
# Prints PASS or FAIL for each check and exits non-zero on any failure. The
# folder is removed at the end (--keep leaves it for inspection).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=54329
KEEP=0
MEDIA_SCRIPT=
for candidate in "$HERE/../backup-media.sh" /usr/local/sbin/balai-backup-media; do
  if [ -x "$candidate" ]; then MEDIA_SCRIPT=$candidate; break; fi
done

usage() {
  cat <<'EOF'
Pemakaian: pitr-drill.sh [--keep] [--port N] [--pg-bin DIR]

Latihan pemulihan di klaster PostgreSQL sementara (di /var/tmp, dijalankan
sebagai postgres bila dimulai sebagai root) dengan repositori pgBackRest
sendiri; klaster dan cadangan produksi tidak disentuh:
  1. tabel dan baris 1-100, cadangan penuh;
  2. baris 101-150 (hanya di arsip WAL), dicatat sebagai titik pemulihan;
  3. "kecelakaan": baris 151-200, lalu DROP TABLE;
  4. restore --type=time --target=<titik> --target-action=promote, lalu
     diperiksa: baris 1-150 ada, 151-200 tidak;
  5. media: snapshot dengan backup-media.sh, folder hilang, dipulihkan,
     checksum diperiksa, berkas rusak harus terdeteksi.
Mencetak PASS/FAIL per pemeriksaan; kode keluar bukan 0 bila ada yang gagal.

  --keep        simpan folder latihan untuk diperiksa
  --port N      nomor port klaster sementara (hanya nama soket; bawaan 54329)
  --pg-bin DIR  program PostgreSQL 15 (bawaan /usr/lib/postgresql/15/bin)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=1 ;;
    --port) PORT=${2:?--port butuh angka}; shift ;;
    --pg-bin) PG_BIN=${2:?--pg-bin butuh folder}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "pitr-drill: opsi tidak dikenal: $1" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '==> %s\n' "$*"; }
die() { printf 'pitr-drill: %s\n' "$*" >&2; echo "FAIL"; exit 1; }

[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 tidak ditemukan di $PG_BIN (apt-get install postgresql-15)"
command -v pgbackrest >/dev/null || die "pgbackrest belum terpasang (apt-get install pgbackrest)"

# PostgreSQL refuses to run as root: then everything database-side runs as
# postgres, in a folder that user can reach.
if [ "$(id -u)" = 0 ]; then
  getent passwd postgres >/dev/null || die "pengguna postgres tidak ada"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

W=$(mktemp -d /var/tmp/balai-pitr-drill.XXXXXX)
chmod 0700 "$W"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$W"
DATA=$W/data
SOCK=$W/run
REPO=$W/repo
CONF=$W/pgbackrest.conf
STANZA=drill

cleanup() {
  if [ -f "$DATA/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true; fi
  if [ "$KEEP" = 1 ]; then echo "folder latihan disimpan: $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT

failures=0
check() {  # check NAME ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then
    printf 'PASS  %s (%s)\n' "$1" "$2"
  else
    printf 'FAIL  %s: %s, diharapkan %s\n' "$1" "$2" "$3"
    failures=$((failures + 1))
  fi
}

psql_drill() { as_pg psql -X -q -tA -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" -d postgres "$@"; }
pgbr() { as_pg pgbackrest --config-path="$W" --config="$CONF" --stanza="$STANZA" "$@"; }

start_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$DATA" -l "$W/postgresql.log" -w -t 120 start >/dev/null \
    || { tail -30 "$W/postgresql.log" >&2; die "PostgreSQL tidak mau mulai"; }
}

# --- 0. scratch cluster with WAL archiving into its own repository -----------
log "klaster sementara di $W (port $PORT, hanya soket Unix)"
as_pg mkdir -p "$SOCK" "$REPO" "$W/log" "$W/lock" "$W/spool"
as_pg "$PG_BIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 --data-checksums \
  --auth-local=trust --auth-host=reject >/dev/null
as_pg tee "$CONF" >/dev/null <<EOF
[global]
repo1-path=$REPO
repo1-retention-full=2
compress-type=zst
start-fast=y
log-path=$W/log
lock-path=$W/lock
spool-path=$W/spool
log-level-console=warn
log-level-file=info

[$STANZA]
pg1-path=$DATA
pg1-socket-path=$SOCK
pg1-port=$PORT
EOF
as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<EOF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$SOCK'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config-path=$W --config=$CONF --stanza=$STANZA archive-push %p'
max_wal_senders = 2
$(grep -v '^#' "$HERE/../postgresql/balai.conf" 2>/dev/null | grep -v '^max_connections' || true)
EOF
start_pg
pgbr stanza-create
pgbr check

# --- 1. data, full backup ------------------------------------------------------
log "tabel berita_latihan, baris 1-100, lalu cadangan penuh"
psql_drill <<'SQL'
CREATE TABLE berita_latihan (id int PRIMARY KEY, judul text NOT NULL, dibuat timestamptz NOT NULL DEFAULT clock_timestamp());
INSERT INTO berita_latihan (id, judul) SELECT g, 'berita ' || g FROM generate_series(1, 100) g;
SQL
pgbr --type=full backup

# --- 2. more rows, only in the WAL; the recovery target --------------------------
log "baris 101-150 setelah cadangan (hanya ada di arsip WAL)"
psql_drill -c "INSERT INTO berita_latihan (id, judul) SELECT g, 'berita ' || g FROM generate_series(101, 150) g"
sleep 1
TARGET=$(psql_drill -c "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
sleep 1
log "titik pemulihan: $TARGET"

# --- 3. the accident --------------------------------------------------------------
log "kecelakaan: baris 151-200, lalu DROP TABLE"
psql_drill -c "INSERT INTO berita_latihan (id, judul) SELECT g, 'berita ' || g FROM generate_series(151, 200) g"
psql_drill -c "DROP TABLE berita_latihan"
check "tabel hilang setelah kecelakaan" "$(psql_drill -c "SELECT to_regclass('berita_latihan') IS NULL")" "t"
# pgbackrest check switches to a new WAL segment and waits until it is archived.
pgbr check

# --- 4. restore to the moment before the accident ---------------------------------
log "menghentikan klaster dan memulihkan ke $TARGET"
as_pg "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
pgbr --delta --type=time "--target=$TARGET" --target-action=promote restore
start_pg
for _ in $(seq 120); do
  [ "$(psql_drill -c 'SELECT pg_is_in_recovery()' 2>/dev/null || echo t)" = f ] && break
  sleep 0.5
done
check "klaster dipromosikan (pg_is_in_recovery)" "$(psql_drill -c 'SELECT pg_is_in_recovery()')" "f"
check "tabel kembali" "$(psql_drill -c "SELECT to_regclass('berita_latihan') IS NOT NULL")" "t"
if [ "$(psql_drill -c "SELECT to_regclass('berita_latihan') IS NOT NULL")" = t ]; then
  check "baris sebelum titik pemulihan (1-150)" "$(psql_drill -c 'SELECT count(*) FROM berita_latihan WHERE id BETWEEN 1 AND 150')" "150"
  check "baris setelah titik pemulihan (151-200)" "$(psql_drill -c 'SELECT count(*) FROM berita_latihan WHERE id > 150')" "0"
  check "semua baris ditulis sebelum titik pemulihan" \
    "$(psql_drill -c "SELECT count(*) FROM berita_latihan WHERE dibuat > '$TARGET'::timestamptz")" "0"
fi
pgbr info | sed 's/^/    /'

# --- 5. media: snapshot, loss, restore, checksums -----------------------------------
if [ -n "$MEDIA_SCRIPT" ]; then
  log "media: snapshot dengan $(basename "$MEDIA_SCRIPT"), folder hilang, dipulihkan"
  MEDIA=$W/media
  mkdir -p "$MEDIA/3324012001/ab" "$MEDIA/3324012002/cd"
  for i in 1 2 3; do head -c $((20000 * i)) /dev/urandom > "$MEDIA/3324012001/ab/foto$i-640.webp"; done
  head -c 4096 /dev/urandom > "$MEDIA/3324012002/cd/dokumen.pdf"
  (cd "$MEDIA" && find . -type f -exec sha256sum {} + | sort -k2) > "$W/media-before.sums"
  "$MEDIA_SCRIPT" --source "$MEDIA" --dest "$W/media-backup" 2>/dev/null
  rm -rf "$MEDIA"
  if "$MEDIA_SCRIPT" restore latest --to "$MEDIA" --dest "$W/media-backup" 2>/dev/null; then r=ok; else r=gagal; fi
  check "media dipulihkan dan cocok dengan manifest" "$r" "ok"
  (cd "$MEDIA" && find . -type f -exec sha256sum {} + | sort -k2) > "$W/media-after.sums"
  if cmp -s "$W/media-before.sums" "$W/media-after.sums"; then r=sama; else r=berbeda; fi
  check "isi media sama dengan sebelum hilang" "$r" "sama"
  printf 'rusak' | dd of="$MEDIA/3324012001/ab/foto2-640.webp" bs=1 seek=100 conv=notrunc status=none
  snap=$(find "$W/media-backup" -mindepth 1 -maxdepth 1 -type d -name '2*' | sort | tail -n 1)
  if (cd "$MEDIA" && sha256sum --quiet --strict -c "$snap/SHA256SUMS") >/dev/null 2>&1; then r=tidak; else r=terdeteksi; fi
  check "berkas media yang rusak terdeteksi" "$r" "terdeteksi"
else
  echo "SKIP  media: backup-media.sh tidak ditemukan"
fi

echo
if [ "$failures" -eq 0 ]; then
  echo "PASS: latihan pemulihan berhasil (titik pemulihan $TARGET)"
else
  echo "FAIL: $failures pemeriksaan gagal"
  KEEP=1
  exit 1
fi
