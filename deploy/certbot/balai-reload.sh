#!/bin/sh
# certbot deploy hook: runs after a certificate was issued or renewed.
#
# Installed by deploy/install.sh as
#   /etc/letsencrypt/renewal-hooks/deploy/balai-reload.sh
# so that every renewal runs it (certbot runs it once even when the same path
# is also given with --deploy-hook, as deploy/balai-cert.sh does).
#
# 1. Lets the balai group read the certificates: certbot keeps live/ and
#    archive/ at mode 0700 and private keys at 0600, root only; Balai runs as
#    the user balai and reads them from BALAI_TLS_DIR (/etc/letsencrypt/live).
# 2. When HAProxy terminates TLS (the directory /etc/haproxy/certs exists),
#    writes the certificate and key as one PEM file there and reloads HAProxy.
# 3. Reloads Balai (SIGHUP): new handshakes use the new certificate, open
#    connections are not touched. (Balai also notices changed files by itself.)
set -eu

LE=${BALAI_LETSENCRYPT_DIR:-/etc/letsencrypt}
GROUP=${BALAI_TLS_GROUP:-balai}
HAPROXY_CERTS=${BALAI_HAPROXY_CERTS:-/etc/haproxy/certs}

say() { echo "balai-reload: $*"; }

if getent group "$GROUP" >/dev/null 2>&1; then
  for d in "$LE/live" "$LE/archive"; do
    [ -d "$d" ] || continue
    find "$d" -type d -exec chgrp "$GROUP" {} + -exec chmod 0750 {} +
    find "$d" -type f -exec chgrp "$GROUP" {} + -exec chmod 0640 {} +
  done
  say "sertifikat di $LE dapat dibaca grup $GROUP"
else
  say "grup $GROUP tidak ada; izin berkas sertifikat tidak diubah" >&2
fi

if [ -n "${RENEWED_LINEAGE:-}" ] && [ -d "$HAPROXY_CERTS" ]; then
  name=$(basename "$RENEWED_LINEAGE")
  tmp="$HAPROXY_CERTS.$name.tmp"  # beside the directory: HAProxy loads every file in it
  (umask 077; cat "$RENEWED_LINEAGE/fullchain.pem" "$RENEWED_LINEAGE/privkey.pem" > "$tmp")
  mv -f "$tmp" "$HAPROXY_CERTS/$name.pem"
  say "HAProxy: $HAPROXY_CERTS/$name.pem diperbarui"
  if systemctl is-active --quiet haproxy.service 2>/dev/null; then systemctl reload haproxy.service; fi
fi

if command -v systemctl >/dev/null 2>&1; then
  if systemctl is-active --quiet balai.service 2>/dev/null; then
    systemctl reload balai.service
    say "balai.service dimuat ulang (${RENEWED_DOMAINS:-semua sertifikat})"
  fi
  # Instances behind HAProxy (balai@PORT) serve no TLS, but a reload is harmless.
  for unit in $(systemctl list-units --type=service --state=active --plain --no-legend 'balai@*.service' 2>/dev/null | awk '{print $1}'); do
    systemctl reload "$unit"
  done
fi
exit 0
