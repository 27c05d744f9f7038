#!/usr/bin/env bash
# Balai's two commands for a fresh Debian 12 machine:
#   ./balai.sh demo   install what is missing, build, start PostgreSQL under
#                     ./var/, load the demo regency (Kendal) and serve it
#   ./balai.sh test   the same set-up with a throwaway cluster, then every test
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
PG_BIN=/usr/lib/postgresql/15/bin
HASH=$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)
PORT=${BALAI_PORT:-8080}
export CCACHE_BASEDIR="$ROOT"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# -g builds hash the working directory unless told not to: a fresh clone elsewhere must still hit.
export CCACHE_NOHASHDIR=true

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'balai.sh: %s\n' "$*" >&2; exit 1; }

PACKAGES=(build-essential cmake ninja-build ccache mold pkg-config git python3 python3-jsonschema python3-yaml
  libboost1.81-dev libpqxx-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libssl-dev
  libsodium-dev libxml2-dev libzip-dev libgtest-dev libkainjow-mustache-dev libvips-dev libcurl4-openssl-dev zlib1g-dev postgresql-15 postgresql-client-15 tzdata util-linux)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing from Debian: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node.js for the browser tests (and the admin UI): the machine's own when it
# has one, Debian's otherwise. npm packages come from each package-lock.json.
node_deps() {  # node_deps DIR
  command -v node >/dev/null 2>&1 || install_missing nodejs npm
  if [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    log "installing npm packages in $1"
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The admin UI (TypeScript, Vite): rebuilt when a source is newer than the build.
build_admin_ui() {
  node_deps admin-ui
  if [ ! -f admin-ui/dist/index.html ] || [ -n "$(find admin-ui/src admin-ui/index.html admin-ui/package-lock.json admin-ui/vite.config.ts \
       -newer admin-ui/dist/index.html -print -quit)" ]; then
    log "building the admin UI"
    (cd admin-ui && npm run build --silent)
  fi
}

build() {  # build PRESET
  log "building ($1)"
  if [ ! -f "build/$1/build.ninja" ]; then cmake --preset "$1" >/dev/null; fi
  cmake --build --preset "$1"
}

# --- PostgreSQL -------------------------------------------------------------
# PostgreSQL refuses to run as root: then the cluster runs as 'postgres' in a
# directory under its home, which it can reach wherever this clone sits.
if [ "$(id -u)" = 0 ]; then
  PG_HOME=/var/lib/postgresql/balai-$HASH
  pg_as() { runuser -u postgres -- "$@"; }
else
  PG_HOME=$ROOT/var
  pg_as() { "$@"; }
fi

cluster_paths() {  # cluster_paths NAME -> PGDATA, PGSOCK, MEDIA_DIR (the images that go with that database)
  PGDATA=$PG_HOME/$1
  MEDIA_DIR=$PG_HOME/$1.media
  if [ "$(id -u)" = 0 ]; then PGSOCK=$PG_HOME/$1.run; else PGSOCK=/tmp/balai-$(id -u)-$HASH-$1; fi
}

cluster_start() {  # cluster_start NAME [fast]
  cluster_paths "$1"
  if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -g postgres -m 700 "$PG_HOME"
    install -d -o postgres -g postgres -m 700 "$PGSOCK"
  else
    mkdir -p "$PG_HOME" && install -d -m 700 "$PGSOCK"
  fi
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "creating PostgreSQL cluster in $PGDATA"
    pg_as "$PG_BIN/initdb" -D "$PGDATA" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=reject >/dev/null
    {
      echo "listen_addresses = ''"            # Unix socket only, in a private directory
      echo "unix_socket_directories = '$PGSOCK'"
      cat deploy/postgresql/balai.conf
      if [ "${2:-}" = fast ]; then echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"; fi
    } | pg_as tee -a "$PGDATA/postgresql.conf" >/dev/null
  fi
  if ! pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >/dev/null \
      || { tail -20 "$PGDATA/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  PGCONN="host=$PGSOCK port=5432"
}

cluster_stop() {  # cluster_stop NAME [remove]
  cluster_paths "$1"
  [ -f "$PGDATA/PG_VERSION" ] && pg_as "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  if [ "${2:-}" = remove ]; then rm -rf "$PGDATA" "$PGSOCK" "$MEDIA_DIR"; rmdir "$PG_HOME" 2>/dev/null || true; fi
}

psql_super() { psql -X -q -v ON_ERROR_STOP=1 "$PGCONN dbname=postgres user=postgres" "$@"; }

# Roles: the owner runs migrations and the CLI; the application role that the
# server uses owns nothing and cannot bypass row-level security.
create_roles() { psql_super -f deploy/postgresql/roles.sql; }

create_database() {  # create_database NAME
  if [ -z "$(psql_super -tA -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
    psql_super -c "CREATE DATABASE $1 OWNER balai_owner"
  fi
}

load_regency() {  # load_regency BIN DBNAME
  local bin=$1 url="$PGCONN dbname=$2 user=balai_owner"
  "$bin" migrate --database-url "$url"
  "$bin" desa import --kode 33.24 tenants/data/kode-wilayah.csv --database-url "$url"
  "$bin" demo seed --database-url "$url" --media-dir "$MEDIA_DIR"
}

# Demo sign-ins with known passwords (a real install creates accounts with
# 'balai user add', which prints a temporary password).
demo_accounts() {  # demo_accounts BIN URL
  local user role pass nama where
  while IFS='|' read -r user role pass nama where; do
    if ! "$1" user list --database-url "$2" | grep -q "^$user "; then
      # shellcheck disable=SC2086  # $where is an option and its value, or nothing
      printf '%s' "$pass" | "$1" user add --username "$user" --nama "$nama" --role "$role" $where --password-stdin --database-url "$2" >/dev/null
    fi
  done <<'LIST'
admin.blumah|admin_desa|Blumah-Demo-2026|Sri Rahayu|--desa blumah
editor.blumah|editor|Editor-Demo-2026|Budi Santoso|--desa blumah
kontributor.blumah|kontributor|Warga-Demo-2026|Dewi Lestari|--desa blumah
diskominfo.kendal|superadmin|Diskominfo-Demo-2026|Admin Diskominfo Kendal|
camat.plantungan|viewer_kecamatan|Camat-Demo-2026|Kecamatan Plantungan|--kecamatan 33.24.01
LIST
}

# --- Commands ---------------------------------------------------------------
cmd_demo() {
  install_missing "${PACKAGES[@]}"
  build release
  build_admin_ui
  local bin=build/release/server/balai
  cluster_start pg
  [ "$(id -u)" = 0 ] && ln -sfn "$PG_HOME" "$ROOT/var" 2>/dev/null || true
  trap 'cluster_stop pg' EXIT
  create_roles
  create_database balai
  local villages
  villages=$(psql -X -tA "$PGCONN dbname=balai user=balai_owner" -c "SELECT count(*) FROM desa" 2>/dev/null || echo 0)
  if [ "${villages:-0}" -gt 0 ]; then
    log "reusing the demo regency ($villages villages)"
    "$bin" migrate --database-url "$PGCONN dbname=balai user=balai_owner"
  else
    log "loading the demo regency (first run: a few minutes)"
    load_regency "$bin" balai
  fi
  demo_accounts "$bin" "$PGCONN dbname=balai user=balai_owner"
  cat <<EOF

Balai demo: Kabupaten Kendal, 20 kecamatan, 286 desa/kelurahan

  Portal kabupaten:  http://localhost:$PORT/
  Website desa:      http://blumah.localhost:$PORT/   (every village: http://<slug>.localhost:$PORT/)
                     http://rejosari-brangsong.localhost:$PORT/ , http://kutoharjo.localhost:$PORT/
  Admin:             http://admin.localhost:$PORT/
  Logins (demo):     admin.blumah / Blumah-Demo-2026      (admin desa, Desa Blumah)
                     editor.blumah / Editor-Demo-2026     (editor, Desa Blumah)
                     kontributor.blumah / Warga-Demo-2026 (kontributor, Desa Blumah)
                     diskominfo.kendal / Diskominfo-Demo-2026 (superadmin: the console; the first
                       sign-in sets up two-factor with an authenticator app)
                     camat.plantungan / Camat-Demo-2026   (kecamatan viewer, Plantungan, read-only)
  Database:          psql "$PGCONN dbname=balai user=balai_owner"
  CLI:               BALAI_OWNER_DATABASE_URL="$PGCONN dbname=balai user=balai_owner" $bin desa list
  Health, metrics:   http://127.0.0.1:$((PORT + 2))/readyz , http://127.0.0.1:$((PORT + 2))/metrics

Ctrl-C stops the server.
EOF
  BALAI_DATABASE_URL="$PGCONN dbname=balai user=balai_app" "$bin" serve --port "$PORT" --base-domain localhost --media-dir "$MEDIA_DIR" \
    --admin-ui-dir "$ROOT/admin-ui/dist" --metrics-listen "127.0.0.1:$((PORT + 2))"
}

cmd_test() {
  install_missing "${PACKAGES[@]}" chromium pebble certbot pgbackrest rsync
  node_deps tests/browser
  build ci
  build_admin_ui
  local name=test-$$
  trap "cluster_stop $name remove" EXIT
  cluster_start "$name" fast
  create_roles
  create_database balai_template
  log "provisioning the test regency into a template database"
  load_regency build/ci/server/balai balai_template >/dev/null
  psql_super -c "ALTER DATABASE balai_template WITH ALLOW_CONNECTIONS false IS_TEMPLATE true"
  export BALAI_MEDIA_DIR="$MEDIA_DIR" BALAI_ADMIN_UI_DIR="$ROOT/admin-ui/dist"
  export BALAI_TEST_PG="$PGCONN" BALAI_TEST_OWNER=balai_owner BALAI_TEST_TEMPLATE=balai_template
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  log "running the test suite"
  ctest --test-dir build/ci --output-on-failure -j2 --timeout 900
}

cmd_bench() {
  install_missing "${PACKAGES[@]}" nginx-light wrk curl bc
  build release
  local bin=build/release/server/balai port=${BALAI_BENCH_PORT:-18080}
  BENCH_PID=
  trap '[ -z "$BENCH_PID" ] || kill "$BENCH_PID" 2>/dev/null || true; cluster_stop bench remove' EXIT
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then die "port $port is in use: stop what listens there first"; fi
  cluster_start bench fast  # the benchmark reads from the render cache; durability is not what it measures
  create_roles
  create_database balai
  load_regency "$bin" balai >/dev/null
  demo_accounts "$bin" "$PGCONN dbname=balai user=balai_owner"
  local metrics="127.0.0.1:$((port + 2))"
  BALAI_DATABASE_URL="$PGCONN dbname=balai user=balai_app" "$bin" serve --port "$port" --base-domain localhost --media-dir "$MEDIA_DIR" \
    --metrics-listen "$metrics" > "${BENCH_LOG:-/dev/null}" &
  BENCH_PID=$!
  for _ in $(seq 100); do curl -fsS -H "Host: localhost:$port" "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  kill -0 "$BENCH_PID" 2>/dev/null || die "the server did not start"
  local hosts; hosts=$(mktemp /tmp/balai-bench-hosts.XXXXXX)
  BALAI_BENCH_PORT=$port BENCH_HOSTS_OUT="$hosts" tests/bench/bench.sh
  if [ "${SOAK_SECONDS:-600}" != 0 ]; then
    log "soak (SOAK_SECONDS=${SOAK_SECONDS:-600}; 0 skips it)"
    BALAI_BENCH_PORT=$port BALAI_BENCH_PID=$BENCH_PID BALAI_BENCH_METRICS=$metrics BENCH_HOSTS_FILE="$hosts" tests/bench/soak.sh
  fi
  rm -f "$hosts"
  log "console dashboard: the regency, then every village of Jawa Tengah"
  BALAI_BIN=$bin BALAI_TEST_PG="$PGCONN" BALAI_BENCH_DB=balai python3 tests/bench/console.py
}

case "${1:-}" in
  demo) cmd_demo ;;
  test) cmd_test ;;
  bench) cmd_bench ;;
  build) install_missing "${PACKAGES[@]}"; build "${2:-release}"; build_admin_ui ;;
  *) echo "usage: ./balai.sh demo | test | bench | build [release|debug|ci]" >&2; exit 2 ;;
esac
