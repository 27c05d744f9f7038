#!/usr/bin/env bash
# Replika streaming PostgreSQL di satu mesin, untuk melihat cara kerjanya.
#
#   demo.sh start  [--primary CONNINFO] [--port N] [--dir DIR]
#   demo.sh status [--dir DIR]
#   demo.sh stop   [--dir DIR]
#
# start: copies a running primary cluster with pg_basebackup -R (which writes
# standby.signal and primary_conninfo) through a replication slot into a new
# folder, starts it as a hot standby on another port (Unix socket only, in
# that folder), then shows replication at work: pg_stat_replication on the
# primary, a row written on the primary and read on the replica,
# pg_is_in_recovery() on the replica, and a write refused there.
# stop: stops the replica, drops its slot and the demo table on the primary,
# and removes the folder. A slot left behind would make the primary keep WAL
# forever: always finish with `demo.sh stop`.
#
# Run as root, the PostgreSQL side runs as the postgres user. The primary
# needs wal_level replica (PostgreSQL's default) and a free max_wal_senders
# slot, and must accept a replication connection from the local socket
# (Debian's pg_hba.conf does: "local replication all peer").
#
# Balai does not route reads to a replica yet; docs/deploy.md ("Replika")
# explains how a read-only instance for the public sites would use one.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PRIMARY="host=/var/run/postgresql port=5432 user=postgres"
PORT=5433
SLOT=balai_replica_demo
if [ "$(id -u)" = 0 ]; then DIR=/var/lib/postgresql/balai-replica-demo; else DIR=$HOME/balai-replica-demo; fi

usage() {
  cat <<'EOF'
Pemakaian: demo.sh start  [--primary CONNINFO] [--port N] [--dir DIR]
           demo.sh status [--dir DIR]
           demo.sh stop   [--dir DIR]

start   menyalin primary yang sedang berjalan dengan pg_basebackup -R lewat
        slot replikasi ke folder baru, menjalankannya sebagai hot standby di
        port lain, lalu menunjukkan replikasi: pg_stat_replication di
        primary, baris yang ditulis di primary terbaca di replika,
        pg_is_in_recovery() di replika, dan tulisan yang ditolak di replika.
status  menunjukkan hal yang sama untuk replika yang sudah berjalan.
stop    menghentikan replika, menghapus slot dan tabel demo di primary, dan
        menghapus foldernya. Slot yang tertinggal membuat primary menyimpan
        WAL terus: selalu akhiri dengan stop.

  --primary CONNINFO  primary (bawaan "host=/var/run/postgresql port=5432 user=postgres")
  --port N            port replika (bawaan 5433; hanya soket Unix di DIR)
  --dir DIR           folder replika (bawaan /var/lib/postgresql/balai-replica-demo)
EOF
}
log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'demo.sh: %s\n' "$*" >&2; exit 1; }

CMD=${1:-}
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --primary) PRIMARY=${2:?--primary butuh string koneksi libpq}; shift ;;
    --port) PORT=${2:?--port butuh angka}; shift ;;
    --dir) DIR=${2:?--dir butuh folder}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "opsi tidak dikenal: $1 (lihat --help)" ;;
  esac
  shift
done
STATE=$DIR/balai-replica-demo.state

if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
on_primary() { as_pg env PGOPTIONS="-c client_min_messages=warning" psql -X -q -tA -v ON_ERROR_STOP=1 "$PRIMARY dbname=postgres" "$@"; }
on_replica() { as_pg psql -X -q -tA -v ON_ERROR_STOP=1 "host=$DIR port=$PORT user=postgres dbname=postgres" "$@"; }
show_primary() { as_pg psql -X -q -P pager=off -v ON_ERROR_STOP=1 "$PRIMARY dbname=postgres" "$@"; }
show_replica() { as_pg psql -X -q -P pager=off -v ON_ERROR_STOP=1 "host=$DIR port=$PORT user=postgres dbname=postgres" "$@"; }

load_state() {
  [ -f "$STATE" ] || die "tidak ada replika demo di $DIR"
  PRIMARY=$(sed -n 's/^primary=//p' "$STATE")
  PORT=$(sed -n 's/^port=//p' "$STATE")
}

replica_running() { [ -f "$DIR/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

cmd_start() {
  [ -x "$PG_BIN/pg_basebackup" ] || die "PostgreSQL 15 tidak ditemukan di $PG_BIN"
  [ ! -e "$DIR" ] || die "$DIR sudah ada: 'demo.sh stop' dulu (atau --dir lain)"
  on_primary -c 'SELECT 1' >/dev/null || die "primary tidak dapat dihubungi: $PRIMARY"
  [ "$(on_primary -c 'SELECT pg_is_in_recovery()')" = f ] || die "$PRIMARY adalah replika, bukan primary"
  local wal_level
  wal_level=$(on_primary -c 'SHOW wal_level')
  [ "$wal_level" != minimal ] || die "primary memakai wal_level = minimal; setel 'replica' lalu mulai ulang"

  # A hot standby needs at least the primary's values of these.
  local opts=(-c "port=$PORT" -c "unix_socket_directories=$DIR" -c "listen_addresses=" -c hot_standby=on
              -c archive_mode=off -c "cluster_name=balai-replica-demo" -c hot_standby_feedback=on)
  local s
  for s in max_connections max_locks_per_transaction max_worker_processes max_prepared_transactions max_wal_senders; do
    opts+=(-c "$s=$(on_primary -c "SHOW $s")")
  done

  if [ -n "$(on_primary -c "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$SLOT'")" ]; then
    log "slot $SLOT tertinggal dari percobaan sebelumnya: dihapus"
    on_primary -c "SELECT pg_drop_replication_slot('$SLOT')" >/dev/null
  fi

  log "pg_basebackup dari primary ($PRIMARY) ke $DIR, slot $SLOT"
  if [ "$(id -u)" = 0 ]; then install -d -o postgres -g postgres -m 0700 "$DIR"; else install -d -m 0700 "$DIR"; fi
  as_pg "$PG_BIN/pg_basebackup" -D "$DIR" -R -X stream -c fast -C -S "$SLOT" \
    -d "$PRIMARY application_name=balai_replica_demo"
  printf 'primary=%s\nport=%s\n' "$PRIMARY" "$PORT" | as_pg tee "$STATE" >/dev/null

  # A Debian cluster keeps its configuration in /etc/postgresql, outside the
  # data folder that was copied: give the replica the minimum it needs.
  [ -f "$DIR/postgresql.conf" ] || echo "# balai replica demo: settings are given on pg_ctl's command line" | as_pg tee "$DIR/postgresql.conf" >/dev/null
  [ -f "$DIR/pg_hba.conf" ] || printf 'local all all peer\nlocal replication all peer\n' | as_pg tee "$DIR/pg_hba.conf" >/dev/null
  [ -f "$DIR/pg_ident.conf" ] || as_pg touch "$DIR/pg_ident.conf"
  echo "    standby.signal: $( [ -f "$DIR/standby.signal" ] && echo ada || echo TIDAK ADA)"
  echo "    $(grep primary_conninfo "$DIR/postgresql.auto.conf" | sed -E "s/password=[^ ']*/password=.../")"

  log "menjalankan replika di port $PORT (soket di $DIR)"
  as_pg "$PG_BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" -w -t 120 -o "$(printf "%q " "${opts[@]}")" start >/dev/null \
    || { tail -20 "$DIR/replica.log" >&2; die "replika tidak mau mulai"; }

  for _ in $(seq 50); do
    [ -n "$(on_primary -c "SELECT 1 FROM pg_stat_replication WHERE application_name = 'balai_replica_demo' AND state = 'streaming'")" ] && break
    sleep 0.2
  done
  cmd_show
  echo
  echo "Replika berjalan. Coba sendiri:  psql \"host=$DIR port=$PORT user=postgres dbname=postgres\""
  echo "Selesai:                          $0 stop${DIR:+ --dir $DIR}"
}

cmd_show() {
  log "di primary: pg_stat_replication"
  show_primary -c "SELECT application_name, client_addr, state, sync_state, sent_lsn, replay_lsn,
                          pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS lag_bytes
                     FROM pg_stat_replication"
  show_primary -c "SELECT slot_name, active, restart_lsn FROM pg_replication_slots WHERE slot_name = '$SLOT'"

  log "di primary: menulis satu baris"
  on_primary -c "CREATE TABLE IF NOT EXISTS balai_replica_demo (id bigserial PRIMARY KEY, ditulis timestamptz NOT NULL DEFAULT clock_timestamp(), catatan text)"
  local id
  id=$(on_primary -c "INSERT INTO balai_replica_demo (catatan) VALUES ('ditulis di primary pada ' || clock_timestamp()) RETURNING id")
  echo "    id $id"

  log "di replika: membaca baris itu"
  local seen=
  for _ in $(seq 100); do
    seen=$(on_replica -c "SELECT catatan FROM balai_replica_demo WHERE id = $id" 2>/dev/null || true)
    [ -n "$seen" ] && break
    sleep 0.1
  done
  [ -n "$seen" ] || die "baris $id belum sampai di replika setelah 10 detik (lihat $DIR/replica.log)"
  echo "    $seen"
  show_replica -c "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn(),
                          now() - pg_last_xact_replay_timestamp() AS tertinggal"

  log "di replika: menulis ditolak (hanya baca)"
  if on_replica -c "INSERT INTO balai_replica_demo (catatan) VALUES ('dari replika')" 2>"$DIR/.write-error"; then
    die "replika menerima tulisan: ini bukan standby"
  fi
  sed 's/^/    /' "$DIR/.write-error"; rm -f "$DIR/.write-error"
}

cmd_status() {
  load_state
  replica_running || die "replika di $DIR tidak berjalan"
  cmd_show
}

cmd_stop() {
  if [ ! -f "$STATE" ]; then
    [ -e "$DIR" ] && die "$DIR ada tetapi bukan replika demo ini; tidak dihapus"
    echo "Tidak ada replika demo di $DIR."
    return 0
  fi
  load_state
  if replica_running; then
    log "menghentikan replika"
    as_pg "$PG_BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
  if on_primary -c 'SELECT 1' >/dev/null 2>&1; then
    log "di primary: menghapus slot $SLOT dan tabel demo"
    for _ in $(seq 50); do
      [ "$(on_primary -c "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '$SLOT' AND active")" = 0 ] && break
      sleep 0.2
    done
    on_primary -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
    on_primary -c "DROP TABLE IF EXISTS balai_replica_demo"
  else
    echo "demo.sh: primary tidak dapat dihubungi; hapus sendiri slot $SLOT di sana nanti:" >&2
    echo "  SELECT pg_drop_replication_slot('$SLOT');" >&2
  fi
  rm -rf "$DIR"
  log "replika demo dihapus"
}

case "$CMD" in
  start) cmd_start ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
