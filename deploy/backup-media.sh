#!/usr/bin/env bash
# Cadangan folder media Balai (gambar dan dokumen desa) dengan manifest SHA-256.
#
#   backup-media.sh [--source DIR] [--dest DIR] [--keep N]    buat snapshot baru
#   backup-media.sh list    [--dest DIR]                      daftar snapshot
#   backup-media.sh verify  [SNAPSHOT|latest] [--dest DIR]    periksa checksum
#   backup-media.sh restore SNAPSHOT|latest --to DIR [--exact] [--dest DIR]
#
# Each snapshot is a folder DEST/YYYYmmddTHHMMSSZ/ with a full copy of the
# media folder. Files unchanged since the previous snapshot are hard links to
# it (rsync --link-dest): Balai stores pictures under a hash of their content
# and never rewrites them, so a nightly snapshot costs only the new uploads.
# SHA256SUMS in each snapshot lists every file; a file that is the same inode
# as in the previous snapshot reuses its checksum instead of being read
# again. A snapshot is complete only once it has its manifest and its final
# name (it is written as .partial-NAME first); `latest` names the newest
# complete one.
#
# Installed by deploy/install.sh as /usr/local/sbin/balai-backup-media and run
# nightly by balai-backup-media.service (for /var/lib/balai/media and
# /var/lib/balai/arsip). Restoring the database to a moment T: restore the
# first media snapshot taken after T (docs/deploy.md, "Memulihkan").
set -euo pipefail

SOURCE=${BALAI_MEDIA_DIR:-/var/lib/balai/media}
DEST=${BALAI_MEDIA_BACKUP_DIR:-/var/backups/balai/media}
KEEP=30
TO=
EXACT=0
ACTION=backup
SNAP=

die() { echo "backup-media: $*" >&2; exit 1; }
say() { echo "backup-media: $*" >&2; }

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  cat <<'EOF'

  --source DIR   folder yang dicadangkan (bawaan BALAI_MEDIA_DIR atau /var/lib/balai/media)
  --dest DIR     tempat snapshot (bawaan BALAI_MEDIA_BACKUP_DIR atau /var/backups/balai/media)
  --keep N       simpan N snapshot terbaru (bawaan 30); yang lebih lama dihapus
  --to DIR       (restore) folder tujuan; dibuat bila belum ada
  --exact        (restore) hapus berkas di DIR yang tidak ada di snapshot
EOF
}

case "${1:-}" in
  list|verify|restore) ACTION=$1; shift ;;
  backup) shift ;;
esac
while [ $# -gt 0 ]; do
  case "$1" in
    --source) SOURCE=${2:?--source butuh folder}; shift ;;
    --dest) DEST=${2:?--dest butuh folder}; shift ;;
    --keep) KEEP=${2:?--keep butuh angka}; shift ;;
    --to) TO=${2:?--to butuh folder}; shift ;;
    --exact) EXACT=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) die "opsi tidak dikenal: $1 (lihat --help)" ;;
    *) [ -z "$SNAP" ] || die "satu snapshot saja"; SNAP=$1 ;;
  esac
  shift
done
[[ $KEEP =~ ^[1-9][0-9]*$ ]] || die "--keep: bilangan bulat positif"
command -v rsync >/dev/null || die "rsync belum terpasang (apt-get install rsync)"

snapshots() {  # complete snapshots, oldest first
  [ -d "$DEST" ] || return 0
  find "$DEST" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*T[0-9]*Z' -printf '%f\n' | sort
}

resolve() {  # resolve NAME|latest -> absolute path of a complete snapshot
  local name=${1:-latest}
  if [ "$name" = latest ]; then
    name=$(snapshots | tail -n 1)
    [ -n "$name" ] || die "belum ada snapshot di $DEST"
  fi
  name=${name##*/}
  [ -f "$DEST/$name/SHA256SUMS" ] || die "snapshot $DEST/$name tidak ada atau belum lengkap"
  printf '%s\n' "$DEST/$name"
}

verify_dir() {  # verify_dir DIR MANIFEST: every file of the manifest in DIR has its checksum
  local dir=$1 manifest=$2 n
  n=$(wc -l < "$manifest")
  if [ "$n" -eq 0 ]; then say "OK: manifest kosong (folder sumber kosong saat dicadangkan)"; return 0; fi
  if (cd "$dir" && sha256sum --quiet --strict -c -) < "$manifest" >&2; then
    say "OK: $n berkas di $dir cocok dengan manifest"
  else
    say "GAGAL: ada berkas di $dir yang hilang atau berubah (lihat di atas)"
    return 1
  fi
}

case "$ACTION" in
list)
  for s in $(snapshots); do
    printf '%s  %6d berkas  %s\n' "$s" "$(wc -l < "$DEST/$s/SHA256SUMS")" "$(du -sh "$DEST/$s" | cut -f1)"
  done
  exit 0 ;;
verify)
  snap=$(resolve "$SNAP")
  verify_dir "$snap" "$snap/SHA256SUMS"
  exit $? ;;
restore)
  [ -n "$TO" ] || die "restore butuh --to DIR"
  snap=$(resolve "$SNAP")
  verify_dir "$snap" "$snap/SHA256SUMS" || die "snapshot rusak; pilih snapshot lain (backup-media.sh list)"
  mkdir -p "$TO"
  opts=(-a --exclude=/SHA256SUMS)
  [ "$EXACT" = 1 ] && opts+=(--delete)
  say "memulihkan $snap ke $TO"
  rsync "${opts[@]}" "$snap/" "$TO/"
  verify_dir "$TO" "$snap/SHA256SUMS"
  exit $? ;;
esac

# --- backup -------------------------------------------------------------------
[ -d "$SOURCE" ] || die "folder sumber $SOURCE tidak ada"
mkdir -p "$DEST"
chmod 0700 "$DEST"
exec 9> "$DEST/.lock"
flock -n 9 || die "cadangan lain ke $DEST sedang berjalan"

name=$(date -u +%Y%m%dT%H%M%SZ)
[ ! -e "$DEST/$name" ] || die "snapshot $name sudah ada"
prev=$(snapshots | tail -n 1)
partial=$DEST/.partial-$name
rm -rf "$DEST"/.partial-*

opts=(-a --numeric-ids)
[ -n "$prev" ] && opts+=(--link-dest="$DEST/$prev")
say "snapshot $name dari $SOURCE${prev:+ (berkas yang sama ditautkan ke $prev)}"
rsync "${opts[@]}" "$SOURCE/" "$partial/"

# The manifest: reuse the checksum of a file that is the same inode as in the
# previous snapshot (hard-linked, so the same bytes); read every other file.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$partial" -type f -printf '%i %P\n' > "$work/new"
if [ -n "$prev" ]; then
  find "$DEST/$prev" -type f ! -path "$DEST/$prev/SHA256SUMS" -printf '%i %P\n' > "$work/old"
  cp "$DEST/$prev/SHA256SUMS" "$work/oldsums"
else
  : > "$work/old"; : > "$work/oldsums"
fi
awk -v reuse="$work/reuse" -v tohash="$work/tohash" '
  FILENAME == ARGV[1] { sum[substr($0, 67)] = substr($0, 1, 64); next }
  FILENAME == ARGV[2] { ino[substr($0, index($0, " ") + 1)] = $1; next }
  {
    path = substr($0, index($0, " ") + 1)
    if ((path in ino) && ino[path] == $1 && (path in sum)) print sum[path] "  " path > reuse
    else print path > tohash
  }' "$work/oldsums" "$work/old" "$work/new"
touch "$work/reuse" "$work/tohash"
hashed=$(wc -l < "$work/tohash")
reused=$(wc -l < "$work/reuse")
(cd "$partial" && tr '\n' '\0' < "$work/tohash" | xargs -0 -r sha256sum --) > "$work/hashed"
sort -k2 "$work/reuse" "$work/hashed" > "$partial/SHA256SUMS"
chmod 0600 "$partial/SHA256SUMS"
mv "$partial" "$DEST/$name"
say "selesai: $DEST/$name, $((hashed + reused)) berkas ($hashed dibaca, $reused checksum dipakai ulang)"

# Keep the newest KEEP snapshots. Deleting one never touches the others: the
# files they share are hard links.
mapfile -t all < <(snapshots)
if [ "${#all[@]}" -gt "$KEEP" ]; then
  for s in "${all[@]:0:${#all[@]}-KEEP}"; do
    say "menghapus snapshot lama $s"
    rm -rf "${DEST:?}/$s"
  done
fi
