#!/usr/bin/env bash
# Perintah administrasi Balai di server produksi.
#
#   sudo balai-admin desa list
#   sudo balai-admin user add --username diskominfo --nama "Admin Diskominfo" --role superadmin
#   sudo balai-admin desa export blumah --out /root/blumah.tar
#
# Runs `balai COMMAND ...` with the server's settings (/etc/balai/balai.env:
# media folder, base domain, ...) as the schema owner: root connects as the
# database role balai_owner through the pg_ident map that deploy/install.sh
# set up (no password anywhere). The server itself runs as the user balai
# and can only connect as balai_app.
#
# Commands that write pictures (desa import, desa delete, demo seed) write
# them as root; afterwards every file in the media and archive folders that
# does not belong to balai is handed back to it, so the server can still
# manage them. Installed by deploy/install.sh as /usr/local/sbin/balai-admin.
set -euo pipefail

ENV_FILE=${BALAI_ENV_FILE:-/etc/balai/balai.env}
BIN=${BALAI_BIN:-/usr/local/bin/balai}

if [ "$(id -u)" != 0 ]; then
  exec sudo "$0" "$@"
fi
[ -r "$ENV_FILE" ] || { echo "balai-admin: $ENV_FILE tidak ada; pasang Balai dengan deploy/install.sh" >&2; exit 1; }

set -a
# shellcheck source=/dev/null
. "$ENV_FILE"
set +a
# The server's connection string with the owner role instead of balai_app.
app_url=${BALAI_DATABASE_URL:-"host=/var/run/postgresql dbname=balai user=balai_app"}
export BALAI_OWNER_DATABASE_URL=${BALAI_OWNER_DATABASE_URL:-${app_url/user=balai_app/user=balai_owner}}
export BALAI_MEDIA_DIR=${BALAI_MEDIA_DIR:-/var/lib/balai/media}
export BALAI_ARCHIVE_DIR=${BALAI_ARCHIVE_DIR:-/var/lib/balai/arsip}

rc=0
"$BIN" "$@" || rc=$?

for dir in "$BALAI_MEDIA_DIR" "$BALAI_ARCHIVE_DIR"; do
  [ -d "$dir" ] || continue
  find "$dir" \( ! -user balai -o ! -group balai \) -exec chown -h balai:balai {} + 2>/dev/null || true
done
exit "$rc"
