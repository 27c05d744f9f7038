#!/usr/bin/env bash
# Memasang (atau memperbarui) Balai di server Debian 12 milik Diskominfo.
#
#   sudo deploy/install.sh --base-domain kendalkab.go.id --kode 33.24
#
# Run as root from a clone of the repository. Each step checks what is
# already there, so running it again is safe: that is also how Balai is
# upgraded (git pull, then this script). See docs/deploy.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_VERSION=15
# Debian's cluster 15/main unless told otherwise (BALAI_PG_CLUSTER=NAME).
PG_CLUSTER=${BALAI_PG_CLUSTER:-main}
PG_CONF_DIR=/etc/postgresql/$PG_VERSION/$PG_CLUSTER
PG_SOCKET=/var/run/postgresql
PG_PORT=5432
SHARE=/usr/local/share/balai
ENV_FILE=/etc/balai/balai.env
LIVE_DIR=/etc/letsencrypt/live
UNITS=(balai.service balai@.service balai-http.socket balai-https.socket balai-metrics.socket
       balai-backup.service balai-backup.timer balai-backup-full.service balai-backup-full.timer
       balai-backup-media.service balai-pitr-drill.service balai-pitr-drill.timer)
EXTRA_PACKAGES=(certbot pgbackrest rsync curl ca-certificates sudo)

BASE_DOMAIN=
KODE=
TIME_ZONE=
DRY_RUN=0
SKIP_BUILD=0
NO_START=0
ADMIN_UI_DIST=

usage() {
  cat <<'EOF'
Pemakaian: sudo deploy/install.sh --base-domain DOMAIN --kode KODE [opsi]

Memasang Balai di Debian 12: paket, build Release, pengguna sistem balai,
PostgreSQL 15 (pengaturan, peran, basis data, migrasi), desa/kelurahan
kabupaten, pgBackRest, unit systemd. Aman dijalankan ulang; menjalankannya
lagi setelah `git pull` adalah cara memperbarui Balai.

Wajib pada pemasangan pertama (sesudahnya diambil dari /etc/balai/balai.env):
  --base-domain DOMAIN  domain kabupaten, mis. kendalkab.go.id; setiap desa di
                        <slug>.DOMAIN, admin di admin.DOMAIN
  --kode KODE           kode wilayah kabupaten, mis. 33.24 (Kendal); semua
                        desa/kelurahan di bawahnya diimpor

Opsi:
  --time-zone ZONA      zona waktu kabupaten (bawaan Asia/Jakarta; Asia/Makassar
                        untuk WITA, Asia/Jayapura untuk WIT)
  --skip-build          jangan build; pakai build/release/server/balai yang ada
  --admin-ui-dist DIR   pakai admin UI yang sudah di-build di DIR (bila server
                        ini tidak punya Node.js >= 20.19)
  --no-start            pasang dan aktifkan unit, tetapi jangan (mulai ulang)
                        layanan
  --dry-run             tampilkan langkah-langkahnya saja, tidak mengubah apa pun
  -h, --help            bantuan ini
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --base-domain) BASE_DOMAIN=${2:?--base-domain butuh domain}; shift ;;
    --base-domain=*) BASE_DOMAIN=${1#*=} ;;
    --kode) KODE=${2:?--kode butuh kode wilayah}; shift ;;
    --kode=*) KODE=${1#*=} ;;
    --time-zone) TIME_ZONE=${2:?--time-zone butuh zona}; shift ;;
    --skip-build) SKIP_BUILD=1 ;;
    --admin-ui-dist) ADMIN_UI_DIST=${2:?--admin-ui-dist butuh folder}; shift ;;
    --no-start) NO_START=1 ;;
    --dry-run) DRY_RUN=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: opsi tidak dikenal: $1 (lihat --help)" >&2; exit 2 ;;
  esac
  shift
done

# --- helpers -----------------------------------------------------------------
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '\033[33mPERINGATAN:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31mGAGAL:\033[0m %s\n' "$*" >&2; exit 1; }

# run CMD...: runs it, or only shows it with --dry-run.
run() {
  if [ "$DRY_RUN" = 1 ]; then printf '    [dry-run] %s\n' "$(printf '%q ' "$@")"; else "$@"; fi
}

CHANGED=0
# put_file DEST MODE OWNER:GROUP < content: writes DEST only when the content
# or its mode/owner differ; sets CHANGED=1 when it wrote.
put_file() {
  local dest=$1 mode=$2 owner=$3 tmp
  tmp=$(mktemp)
  cat > "$tmp"
  CHANGED=0
  if [ -f "$dest" ] && cmp -s "$tmp" "$dest"; then
    if [ "$DRY_RUN" = 0 ]; then chmod "$mode" "$dest"; chown "$owner" "$dest"; fi
    rm -f "$tmp"
    return 0
  fi
  CHANGED=1
  if [ "$DRY_RUN" = 1 ]; then
    if [ -f "$dest" ]; then info "[dry-run] ubah $dest:"; diff -u "$dest" "$tmp" | sed 's/^/      /' || true
    else info "[dry-run] tulis $dest (mode $mode, $owner)"; fi
    rm -f "$tmp"
    return 0
  fi
  install -D -m "$mode" -o "${owner%%:*}" -g "${owner##*:}" "$tmp" "$dest"
  rm -f "$tmp"
  info "ditulis: $dest"
}

# set_block FILE NAME TOP|BOTTOM < lines: keeps one "# BEGIN NAME ... # END
# NAME" block in FILE with exactly those lines, at the top or the bottom.
set_block() {
  local file=$1 name=$2 where=$3 block rest
  block=$(printf '# BEGIN %s (deploy/install.sh)\n%s\n# END %s\n' "$name" "$(cat)" "$name")
  rest=$(awk -v b="# BEGIN $name " -v e="# END $name" '
    index($0, b) == 1 { skip = 1; next }
    skip && $0 == e { skip = 0; next }
    !skip' "$file")
  if [ "$where" = TOP ]; then printf '%s\n%s\n' "$block" "$rest"; else printf '%s\n%s\n' "$rest" "$block"; fi \
    | put_file "$file" "$(stat -c %a "$file")" "$(stat -c %U:%G "$file")"
}

# env_get KEY: the value of KEY in /etc/balai/balai.env (quotes removed), or nothing.
env_get() {
  [ -f "$ENV_FILE" ] || return 0
  sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1 | sed -e 's/^"\(.*\)"$/\1/'
}

as_pg() { runuser -u postgres -- "$@"; }
psql_pg() { as_pg psql -X -q -tA -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -d postgres "$@"; }

# --- 0. checks ----------------------------------------------------------------
step "Pemeriksaan awal"
if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then die "jalankan sebagai root: sudo $0 $*"; fi
if [ ! -f "$REPO/CMakePresets.json" ] || [ ! -f "$REPO/deploy/postgresql/roles.sql" ]; then
  die "jalankan dari clone repositori Balai (deploy/install.sh tidak menemukan $REPO/CMakePresets.json)"
fi
if [ -r /etc/os-release ]; then
  # shellcheck source=/dev/null
  . /etc/os-release
  if [ "${ID:-}" != debian ] || [ "${VERSION_ID:-}" != 12 ]; then warn "diuji untuk Debian 12; sistem ini ${PRETTY_NAME:-tidak dikenal}"; fi
fi

BASE_DOMAIN=${BASE_DOMAIN:-$(env_get BALAI_BASE_DOMAIN)}
KODE=${KODE:-$(env_get BALAI_KODE)}
TIME_ZONE=${TIME_ZONE:-$(env_get BALAI_TIME_ZONE)}
TIME_ZONE=${TIME_ZONE:-Asia/Jakarta}
[ -n "$BASE_DOMAIN" ] || die "--base-domain wajib pada pemasangan pertama (mis. --base-domain kendalkab.go.id)"
[ -n "$KODE" ] || die "--kode wajib pada pemasangan pertama (mis. --kode 33.24)"
[[ $BASE_DOMAIN =~ ^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$ ]] \
  || die "--base-domain '$BASE_DOMAIN': nama domain huruf kecil tanpa port, mis. kendalkab.go.id"
[[ $KODE =~ ^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?$ ]] || die "--kode '$KODE': kode provinsi/kabupaten/kecamatan, mis. 33.24"
[ -f "/usr/share/zoneinfo/$TIME_ZONE" ] || [ ! -d /usr/share/zoneinfo ] || die "--time-zone '$TIME_ZONE' tidak dikenal"
wilayah=$(awk -F, -v k="$KODE" '$1 == k { print $2; exit }' "$REPO/tenants/data/kode-wilayah.csv")
[ -n "$wilayah" ] || die "kode $KODE tidak ada di tenants/data/kode-wilayah.csv"
info "domain kabupaten: $BASE_DOMAIN, kode wilayah: $KODE ($wilayah), zona waktu: $TIME_ZONE"
[ "$DRY_RUN" = 1 ] && info "--dry-run: tidak ada yang diubah"

# --- 1. packages ----------------------------------------------------------------
step "Paket Debian"
# The build dependencies are balai.sh's list, read from it so there is one list.
mapfile -t PACKAGES < <(bash -c 'eval "$(sed -n "/^PACKAGES=(/,/)/p" "$1")"; printf "%s\n" "${PACKAGES[@]}"' _ "$REPO/balai.sh")
[ "${#PACKAGES[@]}" -gt 10 ] || die "daftar PACKAGES tidak terbaca dari balai.sh"
PACKAGES+=("postgresql-$PG_VERSION" "${EXTRA_PACKAGES[@]}")
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  info "semua paket sudah terpasang"
else
  info "dipasang: ${missing[*]}"
  run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  if [ "$DRY_RUN" = 1 ]; then run apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; fi
fi

# --- 2. build -------------------------------------------------------------------
# As the owner of the clone when that is not root, so build/ stays theirs.
BUILD_USER=$(stat -c %U "$REPO")
as_builder() {
  if [ "$BUILD_USER" = root ] || [ "$(id -u)" != 0 ]; then run "$@"
  else run runuser -u "$BUILD_USER" -- env HOME="$(getent passwd "$BUILD_USER" | cut -d: -f6)" "$@"; fi
}
node_ok() {
  command -v node >/dev/null 2>&1 && node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'
}

BIN=$REPO/build/release/server/balai
UI_DIST=${ADMIN_UI_DIST:-$REPO/admin-ui/dist}
if [ "$SKIP_BUILD" = 1 ]; then
  step "Build dilewati (--skip-build)"
else
  step "Build Release (cmake --preset release) sebagai $BUILD_USER"
  # The preset's build also has the tests; only the server binary is needed here.
  if [ ! -f "$REPO/build/release/build.ninja" ]; then as_builder env -C "$REPO" cmake --preset release; fi
  as_builder env -C "$REPO" cmake --build --preset release --target balai
  if [ -z "$ADMIN_UI_DIST" ]; then
    step "Build admin UI (npm)"
    if [ -f "$UI_DIST/index.html" ] && [ -z "$(find "$REPO/admin-ui/src" "$REPO/admin-ui/index.html" "$REPO/admin-ui/package-lock.json" \
           "$REPO/admin-ui/vite.config.ts" -newer "$UI_DIST/index.html" -print -quit)" ]; then
      info "admin UI di $UI_DIST sudah terbaru"
    elif node_ok; then
      as_builder env -C "$REPO/admin-ui" npm ci --no-audit --no-fund --loglevel=error
      as_builder env -C "$REPO/admin-ui" npm run build --silent
    elif [ -f "$UI_DIST/index.html" ]; then
      warn "Node.js >= 20.19 tidak ada; admin UI lama di $UI_DIST dipakai apa adanya"
    else
      die "admin UI butuh Node.js >= 20.19 (Debian 12 hanya punya 18). Pasang Node.js 20 (mis. paket nodejs dari NodeSource), atau build admin UI di mesin lain (cd admin-ui && npm ci && npm run build) lalu jalankan lagi dengan --admin-ui-dist FOLDER"
    fi
  fi
fi
if [ "$DRY_RUN" = 0 ]; then
  [ -x "$BIN" ] || die "$BIN tidak ada"
  [ -f "$UI_DIST/index.html" ] || die "admin UI tidak ada di $UI_DIST"
fi

# --- 3. user and folders ----------------------------------------------------------
step "Pengguna sistem balai dan folder"
if id balai >/dev/null 2>&1; then
  info "pengguna balai sudah ada"
else
  run useradd --system --user-group --home-dir /var/lib/balai --no-create-home --shell /usr/sbin/nologin \
    --comment "Balai web server" balai
fi
run install -d -o balai -g balai -m 0750 /var/lib/balai /var/lib/balai/media /var/lib/balai/arsip
# certbot (root) writes challenge files here; Balai only reads them.
run install -d -o root -g balai -m 0750 /var/lib/balai/acme
run install -d -o root -g root -m 0755 /var/lib/balai/acme/.well-known /var/lib/balai/acme/.well-known/acme-challenge
run install -d -o root -g balai -m 0750 /etc/balai
run install -d -o root -g root -m 0700 /var/backups/balai

# --- 4. program files ---------------------------------------------------------------
step "Memasang program ke /usr/local"
if [ "$DRY_RUN" = 0 ] && [ -x /usr/local/bin/balai ] && cmp -s "$BIN" /usr/local/bin/balai; then
  info "/usr/local/bin/balai tidak berubah"
  BINARY_CHANGED=0
else
  run install -m 0755 "$BIN" /usr/local/bin/balai
  BINARY_CHANGED=1
fi
# Files read at run time: the admin UI and the national kode wilayah list.
# (Migrations and themes are compiled into the binary.) Replaced as a whole.
for pair in "$UI_DIST:admin-ui" "$REPO/tenants/data:tenants/data" "$REPO/docs:docs"; do
  src=${pair%%:*}; dst=$SHARE/${pair#*:}
  run install -d -m 0755 "$(dirname "$dst")"
  run rm -rf "$dst.new"
  run cp -R "$src" "$dst.new"
  run chmod -R u=rwX,go=rX "$dst.new"
  run rm -rf "$dst.old"
  if [ -e "$dst" ] || [ "$DRY_RUN" = 1 ]; then run mv "$dst" "$dst.old"; fi
  run mv "$dst.new" "$dst"
  run rm -rf "$dst.old"
done
info "admin UI, kode wilayah dan dokumentasi di $SHARE"
run install -d -m 0755 "$SHARE/deploy"
run cp -R "$REPO/deploy/haproxy" "$REPO/deploy/replica" "$REPO/deploy/postgresql" "$REPO/deploy/pgbackrest" "$SHARE/deploy/"
run install -m 0755 "$REPO/deploy/balai-admin.sh" /usr/local/sbin/balai-admin
run install -m 0755 "$REPO/deploy/balai-cert.sh" /usr/local/sbin/balai-cert
run install -m 0755 "$REPO/deploy/backup-media.sh" /usr/local/sbin/balai-backup-media
run install -m 0755 "$REPO/deploy/pgbackrest/pitr-drill.sh" /usr/local/sbin/balai-pitr-drill
run install -D -m 0755 "$REPO/deploy/certbot/balai-reload.sh" /etc/letsencrypt/renewal-hooks/deploy/balai-reload.sh

# --- 5. PostgreSQL ----------------------------------------------------------------------
step "PostgreSQL $PG_VERSION: pengaturan"
cluster_port() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c { print $3 }'; }
if [ -z "$(cluster_port)" ]; then
  info "klaster $PG_VERSION/$PG_CLUSTER dibuat (C.UTF-8, data checksums)"
  if [ "$DRY_RUN" = 1 ]; then run pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --locale C.UTF-8 -- --data-checksums
  else pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --locale C.UTF-8 -- --data-checksums >/dev/null; fi
fi
PG_PORT=$(cluster_port); PG_PORT=${PG_PORT:-5432}
PG_DATA=/var/lib/postgresql/$PG_VERSION/$PG_CLUSTER
info "klaster $PG_VERSION/$PG_CLUSTER, port $PG_PORT, data $PG_DATA"
owner_url="host=$PG_SOCKET port=$PG_PORT dbname=balai user=balai_owner"

# Sizing from this server: memory, cores, and the connections Balai opens.
mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
cores=$(nproc)
pool=$(env_get BALAI_POOL_SIZE); pool=${pool:-$((cores * 2))}
clamp() { local v=$1; [ "$v" -lt "$2" ] && v=$2; [ "$v" -gt "$3" ] && v=$3; echo "$v"; }
# Per instance: its pool, the directory listener, start-up check and slack;
# two instances (balai@8081/8082 behind HAProxy), the CLI, backups, monitoring.
max_connections=$(clamp $((2 * (pool + 5) + 20)) 100 1000)
shared_buffers=$(clamp $((mem_mb / 4)) 128 16384)
effective_cache=$(clamp $((mem_mb / 2)) 256 65536)
work_mem=$(clamp $((mem_mb / 4 / max_connections)) 4 32)
maintenance_work_mem=$(clamp $((mem_mb / 16)) 64 1024)
info "RAM ${mem_mb} MB, $cores inti, pool Balai $pool koneksi -> max_connections $max_connections, shared_buffers ${shared_buffers}MB"

{
  cat <<EOF
# Balai: written by deploy/install.sh, rewritten on every run (edit
# deploy/install.sh or add your own file after this one in conf.d, e.g.
# zz-local.conf, for local changes). Sized for this server: ${mem_mb} MB RAM,
# ${cores} cores, a Balai pool of ${pool} connections per instance.

# --- From deploy/postgresql/balai.conf -----------------------------------------
EOF
  grep -v '^max_connections' "$REPO/deploy/postgresql/balai.conf"
  cat <<EOF

# --- Connections -----------------------------------------------------------------
# Two Balai instances x (pool ${pool} + listener + slack) + CLI, backups,
# monitoring. The lock table is max_locks_per_transaction x max_connections
# slots (2048 x ${max_connections}); raise both with care.
max_connections = ${max_connections}

# --- Memory (recalculated from RAM on every run) ---------------------------------
# A quarter of RAM for PostgreSQL's buffers; the rest is the page cache,
# Balai's render cache (256 MiB per instance) and libvips.
shared_buffers = ${shared_buffers}MB
effective_cache_size = ${effective_cache}MB
# Per sort or hash of one query; Balai's queries are small and indexed.
work_mem = ${work_mem}MB
maintenance_work_mem = ${maintenance_work_mem}MB
huge_pages = try

# --- Disk (SSD assumed) -------------------------------------------------------------
random_page_cost = 1.1
effective_io_concurrency = 200
checkpoint_timeout = 15min
max_wal_size = 4GB
min_wal_size = 512MB

# --- WAL archive for pgBackRest (deploy/pgbackrest/pgbackrest.conf) -------------
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --stanza=balai archive-push %p'
# At most five minutes of commits wait for a full WAL segment.
archive_timeout = 300
# Streaming replicas (deploy/replica/).
max_wal_senders = 10
max_replication_slots = 10

# --- Logging ------------------------------------------------------------------------------
log_min_duration_statement = 500ms
log_lock_waits = on
log_temp_files = 0
log_autovacuum_min_duration = 10s
log_line_prefix = '%m [%p] %q%u@%d '
EOF
} | put_file "$PG_CONF_DIR/conf.d/balai.conf" 0644 postgres:postgres
PG_RESTART=$CHANGED

step "PostgreSQL: akses lewat soket lokal (peer + pg_ident)"
# The server (Unix user balai) connects as balai_app; root (the CLI through
# balai-admin, migrations) as balai_owner. No password exists for either.
if [ -f "$PG_CONF_DIR/pg_hba.conf" ]; then
  printf 'local   balai   balai_app,balai_owner   peer map=balai\n' | set_block "$PG_CONF_DIR/pg_hba.conf" balai TOP
  PG_RELOAD=$CHANGED
  printf 'balai   balai   balai_app\nbalai   root    balai_owner\n' | set_block "$PG_CONF_DIR/pg_ident.conf" balai BOTTOM
  [ "$CHANGED" = 1 ] && PG_RELOAD=1
else
  [ "$DRY_RUN" = 1 ] || die "$PG_CONF_DIR/pg_hba.conf tidak ada"
  info "[dry-run] blok balai di $PG_CONF_DIR/pg_hba.conf dan pg_ident.conf"
  PG_RELOAD=1
fi

run systemctl enable --quiet "postgresql@$PG_VERSION-$PG_CLUSTER.service"
if [ "$DRY_RUN" = 1 ]; then
  info "[dry-run] PostgreSQL dimulai ulang bila pengaturannya berubah, atau dimuat ulang"
elif [ "$PG_RESTART" = 1 ] || ! systemctl is-active --quiet "postgresql@$PG_VERSION-$PG_CLUSTER.service"; then
  info "PostgreSQL dimulai ulang (pengaturan baru)"
  systemctl restart "postgresql@$PG_VERSION-$PG_CLUSTER.service"
elif [ "$PG_RELOAD" = 1 ]; then
  systemctl reload "postgresql@$PG_VERSION-$PG_CLUSTER.service"
fi
if [ "$DRY_RUN" = 0 ]; then
  for _ in $(seq 60); do psql_pg -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
  psql_pg -c 'SELECT 1' >/dev/null || die "PostgreSQL tidak menjawab di $PG_SOCKET (journalctl -u postgresql@$PG_VERSION-$PG_CLUSTER)"
fi

step "PostgreSQL: peran dan basis data balai"
if [ "$DRY_RUN" = 1 ]; then
  info "[dry-run] psql -f deploy/postgresql/roles.sql; CREATE DATABASE balai OWNER balai_owner (bila belum ada)"
else
  psql_pg < "$REPO/deploy/postgresql/roles.sql"
  if [ -z "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = 'balai'")" ]; then
    psql_pg -c "CREATE DATABASE balai OWNER balai_owner ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
    info "basis data balai dibuat"
  else
    info "basis data balai sudah ada"
  fi
fi

# --- 6. pgBackRest --------------------------------------------------------------------
step "pgBackRest: stanza balai, arsip WAL"
sed -e "s|^pg1-path=.*|pg1-path=$PG_DATA|" -e "s|^pg1-port=.*|pg1-port=$PG_PORT|" "$REPO/deploy/pgbackrest/pgbackrest.conf" \
  | put_file /etc/pgbackrest/pgbackrest.conf 0640 postgres:postgres
run install -d -o postgres -g postgres -m 0750 /var/lib/pgbackrest /var/log/pgbackrest
if [ "$DRY_RUN" = 1 ]; then
  info "[dry-run] pgbackrest stanza-create, check"
else
  as_pg pgbackrest --stanza=balai --log-level-console=warn stanza-create
  as_pg pgbackrest --stanza=balai --log-level-console=warn check || die "pgbackrest check gagal: arsip WAL belum berjalan (lihat /var/log/pgbackrest/)"
  info "arsip WAL berjalan"
fi

# --- 7. schema and villages --------------------------------------------------------------
step "Migrasi skema (balai migrate, sebagai balai_owner)"
run env BALAI_OWNER_DATABASE_URL="$owner_url" /usr/local/bin/balai migrate

step "Desa/kelurahan di bawah kode $KODE"
if [ "$DRY_RUN" = 1 ]; then
  run /usr/local/bin/balai desa import --kode "$KODE" "$SHARE/tenants/data/kode-wilayah.csv"
else
  rc=0
  BALAI_OWNER_DATABASE_URL="$owner_url" /usr/local/bin/balai desa import --kode "$KODE" "$SHARE/tenants/data/kode-wilayah.csv" || rc=$?
  case $rc in
    0) ;;
    3) warn "berkas kode wilayah mengubah desa yang sudah ada (lihat di atas); tidak diterapkan. Periksa, lalu: balai-admin desa import --kode $KODE $SHARE/tenants/data/kode-wilayah.csv --yes" ;;
    *) die "impor desa gagal (kode keluar $rc)" ;;
  esac
  info "$(as_pg psql -X -tA -h "$PG_SOCKET" -p "$PG_PORT" -d balai -c 'SELECT count(*) FROM desa') desa/kelurahan terdaftar"
fi

# The first full backup, once the villages are in (later ones: balai-backup*.timer).
if [ "$DRY_RUN" = 1 ]; then
  info "[dry-run] cadangan penuh pertama bila belum ada"
elif ! as_pg pgbackrest --stanza=balai --output=json info | grep -q '"backup":\[{'; then
  step "Cadangan penuh pertama (pgBackRest)"
  as_pg pgbackrest --stanza=balai --type=full --log-level-console=warn backup
  info "selesai: sudo -u postgres pgbackrest --stanza=balai info"
fi

# --- 8. settings -------------------------------------------------------------------------------
step "Pengaturan $ENV_FILE"
if [ -f "$ENV_FILE" ]; then current=$(cat "$ENV_FILE"); else current=; fi
tls_ready=0
if compgen -G "$LIVE_DIR/*/fullchain.pem" >/dev/null; then tls_ready=1; fi
secret=$(env_get BALAI_SECRET)
[ -n "$secret" ] || secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
{
  if [ -z "$current" ]; then
    cat <<EOF
# Balai: settings of balai.service (and balai@PORT.service, balai-admin).
# Every option of 'balai serve --help' has a BALAI_* variable. Written by
# deploy/install.sh; a later run keeps your values and changes only the
# base domain, kode and time zone when they are given on its command line.
# After a change: systemctl restart balai
BALAI_BASE_DOMAIN=$BASE_DOMAIN
BALAI_KODE=$KODE
BALAI_TIME_ZONE=$TIME_ZONE
BALAI_DATABASE_URL="host=$PG_SOCKET port=$PG_PORT dbname=balai user=balai_app"
BALAI_MEDIA_DIR=/var/lib/balai/media
BALAI_ARCHIVE_DIR=/var/lib/balai/arsip
BALAI_ADMIN_UI_DIR=$SHARE/admin-ui
BALAI_WILAYAH_FILE=$SHARE/tenants/data/kode-wilayah.csv
BALAI_LOG_FORMAT=json
# https once a certificate is in place (install.sh switches it then).
BALAI_PUBLIC_SCHEME=http
# Only when started without systemd's sockets (balai-http.socket etc.).
BALAI_LISTEN=0.0.0.0
BALAI_PORT=80
BALAI_HTTPS_PORT=443
BALAI_METRICS_LISTEN=127.0.0.1:9102
# certbot --webroot -w /var/lib/balai/acme (balai-cert); served on every host.
BALAI_ACME_WEBROOT=/var/lib/balai/acme
# Certificates in certbot's layout; set once the first one is there
# (Balai does not start with an empty directory).
#BALAI_TLS_DIR=$LIVE_DIR
# Shared by every instance of this regency (form challenges, preview links).
BALAI_SECRET=$secret
# Database workers per instance (default: 2 x cores). Run install.sh again
# after changing it: PostgreSQL's max_connections follows it.
#BALAI_POOL_SIZE=
# Password recovery by email:
#BALAI_SMTP_URL=smtp://mail.$BASE_DOMAIN:587
#BALAI_SMTP_FROM=Diskominfo <noreply@$BASE_DOMAIN>
#BALAI_SMTP_USER=
#BALAI_SMTP_PASSWORD=
EOF
  else
    # Keep the file; replace the few values given on the command line.
    printf '%s\n' "$current" | awk -v d="$BASE_DOMAIN" -v k="$KODE" -v z="$TIME_ZONE" '
      /^BALAI_BASE_DOMAIN=/ { print "BALAI_BASE_DOMAIN=" d; seen_d = 1; next }
      /^BALAI_KODE=/ { print "BALAI_KODE=" k; seen_k = 1; next }
      /^BALAI_TIME_ZONE=/ { print "BALAI_TIME_ZONE=" z; seen_z = 1; next }
      { print }
      END {
        if (!seen_d) print "BALAI_BASE_DOMAIN=" d
        if (!seen_k) print "BALAI_KODE=" k
        if (!seen_z) print "BALAI_TIME_ZONE=" z
      }'
    if ! grep -q '^BALAI_SECRET=' <<<"$current"; then echo "BALAI_SECRET=$secret"; fi
  fi
} > "${TMPDIR:-/tmp}/balai.env.$$"
if [ "$tls_ready" = 1 ] && ! grep -q '^BALAI_TLS_DIR=' "${TMPDIR:-/tmp}/balai.env.$$"; then
  sed -i -e "s|^#BALAI_TLS_DIR=.*|BALAI_TLS_DIR=$LIVE_DIR|" -e "s|^BALAI_PUBLIC_SCHEME=http\$|BALAI_PUBLIC_SCHEME=https|" "${TMPDIR:-/tmp}/balai.env.$$"
  grep -q '^BALAI_TLS_DIR=' "${TMPDIR:-/tmp}/balai.env.$$" || echo "BALAI_TLS_DIR=$LIVE_DIR" >> "${TMPDIR:-/tmp}/balai.env.$$"
  info "sertifikat ditemukan di $LIVE_DIR: HTTPS diaktifkan"
fi
# The environment file holds BALAI_SECRET (and maybe the SMTP password):
# root only. systemd reads it before dropping to the user balai.
sed "s/^BALAI_SECRET=.*/BALAI_SECRET=<disembunyikan>/" "${TMPDIR:-/tmp}/balai.env.$$" > "${TMPDIR:-/tmp}/balai.env.shown.$$"
if [ "$DRY_RUN" = 1 ] && [ ! -f "$ENV_FILE" ]; then
  info "[dry-run] tulis $ENV_FILE (mode 0600):"; sed 's/^/      /' "${TMPDIR:-/tmp}/balai.env.shown.$$"
  rm -f "${TMPDIR:-/tmp}/balai.env.$$"
else
  put_file "$ENV_FILE" 0600 root:root < "${TMPDIR:-/tmp}/balai.env.$$"
  rm -f "${TMPDIR:-/tmp}/balai.env.$$"
fi
rm -f "${TMPDIR:-/tmp}/balai.env.shown.$$"
ENV_CHANGED=$CHANGED
HAS_TLS=0
if [ "$DRY_RUN" = 0 ] && grep -q '^BALAI_TLS_DIR=.' "$ENV_FILE"; then HAS_TLS=1; fi
[ "$tls_ready" = 1 ] && HAS_TLS=1

# Instances behind HAProxy (balai@PORT): plain HTTP on loopback, the real
# client address from HAProxy's X-Forwarded-For, https links (HAProxy
# terminates TLS).
put_file /etc/balai/instance.env 0600 root:root <<'EOF'
# balai@PORT.service (behind HAProxy, deploy/haproxy/haproxy.cfg): read after
# balai.env. Empty values switch a setting of balai.env off.
BALAI_TLS_DIR=
BALAI_HTTPS_PORT=
BALAI_TRUSTED_PROXIES=127.0.0.1
BALAI_PUBLIC_SCHEME=https
EOF

# The certificates must be readable by the group balai (certbot keeps them root-only).
if [ -d /etc/letsencrypt/live ]; then run /etc/letsencrypt/renewal-hooks/deploy/balai-reload.sh >/dev/null; fi

# --- 9. systemd -------------------------------------------------------------------------------
step "Unit systemd"
units_changed=0
for u in "${UNITS[@]}"; do
  put_file "/etc/systemd/system/$u" 0644 root:root < "$REPO/deploy/systemd/$u"
  [ "$CHANGED" = 1 ] && units_changed=1
done
run systemctl daemon-reload
sockets=(balai-http.socket balai-metrics.socket)
if [ "$HAS_TLS" = 1 ]; then
  sockets+=(balai-https.socket)
else
  warn "belum ada sertifikat di $LIVE_DIR: Balai hanya melayani HTTP (port 80). Pasang sertifikat wildcard kabupaten (docs/deploy.md, \"TLS\"), lalu jalankan install.sh lagi."
fi
run systemctl enable --quiet "${sockets[@]}" balai.service
run systemctl enable --quiet --now balai-backup.timer balai-backup-full.timer balai-pitr-drill.timer

if [ "$NO_START" = 1 ]; then
  info "--no-start: layanan tidak dimulai"
else
  run systemctl start "${sockets[@]}"
  if [ "$DRY_RUN" = 1 ]; then
    run systemctl restart balai.service
  elif ! systemctl is-active --quiet balai.service || [ "$BINARY_CHANGED" = 1 ] || [ "$ENV_CHANGED" = 1 ] || [ "$units_changed" = 1 ]; then
    info "balai.service dimulai (ulang); sambungan yang masuk menunggu di soket"
    systemctl restart balai.service
  else
    info "balai.service berjalan dan tidak ada yang berubah"
  fi
  if [ "$DRY_RUN" = 0 ]; then
    ready=0
    for _ in $(seq 60); do
      if curl -fsS -o /dev/null --max-time 2 http://127.0.0.1:9102/readyz; then ready=1; break; fi
      sleep 1
    done
    if [ "$ready" = 1 ]; then info "siap: http://127.0.0.1:9102/readyz menjawab 200"
    else journalctl -u balai.service -n 30 --no-pager >&2 || true; die "Balai tidak siap dalam 60 detik (log di atas; systemctl status balai)"; fi
  fi
fi

# --- done --------------------------------------------------------------------------------------
scheme=http; [ "$HAS_TLS" = 1 ] && scheme=https
if [ "$DRY_RUN" = 1 ]; then done_msg="Selesai (--dry-run: tidak ada yang diubah)."; else done_msg="Balai terpasang."; fi
cat <<EOF

$done_msg

  Portal kabupaten:  $scheme://$BASE_DOMAIN/
  Website desa:      $scheme://<slug>.$BASE_DOMAIN/   (daftar: sudo balai-admin desa list)
  Admin:             $scheme://admin.$BASE_DOMAIN/
  Status dan log:    systemctl status balai; journalctl -u balai -f
  Kesehatan:         curl http://127.0.0.1:9102/readyz   (metrik: /metrics)
  Cadangan:          systemctl list-timers 'balai-*'; sudo -u postgres pgbackrest --stanza=balai info

Langkah berikutnya:
  1. DNS: $BASE_DOMAIN, *.$BASE_DOMAIN dan admin.$BASE_DOMAIN ke alamat server ini.
  2. Sertifikat wildcard *.$BASE_DOMAIN lewat DNS-01 (docs/deploy.md, "TLS"), lalu install.sh lagi.
  3. Akun superadmin pertama:
       sudo balai-admin user add --username diskominfo --nama "Admin Diskominfo" --role superadmin
EOF
