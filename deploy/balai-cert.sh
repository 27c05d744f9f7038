#!/usr/bin/env bash
# Sertifikat HTTPS untuk domain milik desa (HTTP-01, webroot).
#
#   balai-cert DOMAIN [DOMAIN...] [opsi]
#
# Meminta (atau memperbarui bila hampir habis) sertifikat Let's Encrypt untuk
# domain desa yang sudah mengarah ke server ini, misalnya blumah.desa.id.
# certbot menaruh berkas tantangan di webroot Balai (BALAI_ACME_WEBROOT,
# bawaan /var/lib/balai/acme); Balai menyajikannya di
# http://DOMAIN/.well-known/acme-challenge/ untuk semua host. Sertifikat masuk
# ke /etc/letsencrypt/live/DOMAIN/ (BALAI_TLS_DIR), lalu hook deploy
# (balai-reload.sh) membuatnya terbaca oleh grup balai dan memuat ulang Balai.
# Perpanjangan berjalan sendiri lewat certbot.timer dengan pengaturan yang sama.
#
# Sertifikat wildcard domain kabupaten (*.kendalkab.go.id) tidak bisa lewat
# HTTP-01: lihat docs/deploy.md (DNS-01).
set -euo pipefail

WEBROOT=${BALAI_ACME_WEBROOT:-/var/lib/balai/acme}
HOOK=${BALAI_CERT_HOOK:-/etc/letsencrypt/renewal-hooks/deploy/balai-reload.sh}
EMAIL=
SERVER=
WWW=0
CHECK=1
PRINT=0
EXTRA=()
DOMAINS=()

usage() {
  cat <<'EOF'
Pemakaian: balai-cert DOMAIN [DOMAIN...] [opsi] [-- opsi certbot lain]

  DOMAIN            domain desa, mis. blumah.desa.id (beberapa domain = satu
                    sertifikat; yang pertama menjadi namanya)
  --www             sertakan juga www.DOMAIN untuk setiap domain
  --email ALAMAT    email pemberitahuan Let's Encrypt (hanya saat pendaftaran
                    pertama; tanpa ini dipakai akun certbot yang sudah ada)
  --server URL      server ACME lain (mis. staging Let's Encrypt atau server
                    uji); bawaan: Let's Encrypt produksi
  --staging         singkatan --server staging Let's Encrypt
  --webroot DIR     webroot Balai (bawaan /var/lib/balai/acme, atau
                    BALAI_ACME_WEBROOT)
  --no-check        lewati pemeriksaan awal bahwa http://DOMAIN/.well-known/
                    acme-challenge/ sampai ke Balai di server ini
  --print           hanya tampilkan perintah certbot, tanpa menjalankannya
  -h, --help        bantuan ini

Contoh:
  balai-cert blumah.desa.id --www
  balai-cert blumah.desa.id --staging          # uji dulu tanpa batas kuota
EOF
}

die() { echo "balai-cert: $*" >&2; exit 1; }
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --www) WWW=1 ;;
    --email) EMAIL=${2:?--email butuh alamat}; shift ;;
    --server) SERVER=${2:?--server butuh URL}; shift ;;
    --staging) SERVER=https://acme-staging-v02.api.letsencrypt.org/directory ;;
    --webroot) WEBROOT=${2:?--webroot butuh direktori}; shift ;;
    --no-check) CHECK=0 ;;
    --print) PRINT=1 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; EXTRA=("$@"); break ;;
    -*) die "opsi tidak dikenal: $1 (lihat --help)" ;;
    *) DOMAINS+=("$1") ;;
  esac
  shift
done

[ ${#DOMAINS[@]} -gt 0 ] || { usage >&2; exit 2; }

# Domain names: lowercase, letters, digits, hyphens and dots; no wildcard.
names=()
for d in "${DOMAINS[@]}"; do
  d=${d,,}; d=${d%.}
  [[ $d =~ ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$ ]] \
    || die "'$d' bukan nama domain yang sah (wildcard hanya lewat DNS-01, lihat docs/deploy.md)"
  names+=("$d")
  if [ "$WWW" = 1 ] && [[ $d != www.* ]]; then names+=("www.$d"); fi
done

cmd=(certbot certonly --webroot -w "$WEBROOT" --cert-name "${names[0]}"
     --non-interactive --agree-tos --keep-until-expiring --expand
     --deploy-hook "$HOOK")
for d in "${names[@]}"; do cmd+=(-d "$d"); done
if [ -n "$EMAIL" ]; then cmd+=(--email "$EMAIL"); else cmd+=(--register-unsafely-without-email); fi
if [ -n "$SERVER" ]; then cmd+=(--server "$SERVER"); fi
cmd+=("${EXTRA[@]}")

if [ "$PRINT" = 1 ]; then
  printf '%q ' "${cmd[@]}"; echo
  exit 0
fi

[ "$(id -u)" = 0 ] || die "jalankan sebagai root (sudo balai-cert ...)"
command -v certbot >/dev/null || die "certbot belum terpasang (apt-get install certbot)"
[ -d "$WEBROOT" ] || die "webroot $WEBROOT tidak ada; apakah Balai sudah dipasang dengan deploy/install.sh?"
[ -x "$HOOK" ] || die "hook $HOOK tidak ada; jalankan deploy/install.sh lagi"

# Before asking the CA (which limits failed attempts): does each name reach
# this server's Balai over plain HTTP? A file in the webroot must come back.
if [ "$CHECK" = 1 ]; then
  challenge_dir=$WEBROOT/.well-known/acme-challenge
  install -d -m 0755 "$challenge_dir"
  token=balai-check-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$token" > "$challenge_dir/$token"
  chmod 0644 "$challenge_dir/$token"
  trap 'rm -f "$challenge_dir/$token"' EXIT
  failed=0
  for d in "${names[@]}"; do
    got=$(curl -fsS --max-time 10 "http://$d/.well-known/acme-challenge/$token" 2>/dev/null || true)
    if [ "$got" = "$token" ]; then
      say "$d: tantangan HTTP sampai ke Balai di server ini"
    else
      echo "balai-cert: $d: http://$d/.well-known/acme-challenge/ tidak sampai ke Balai di server ini." >&2
      echo "  Periksa: DNS A/AAAA $d mengarah ke alamat server ini (dig +short $d)," >&2
      echo "  port 80 terbuka di firewall, dan BALAI_ACME_WEBROOT=$WEBROOT di /etc/balai/balai.env." >&2
      failed=1
    fi
  done
  [ "$failed" = 0 ] || die "dibatalkan sebelum meminta sertifikat (--no-check untuk melewati pemeriksaan ini)"
fi

say "meminta sertifikat untuk: ${names[*]}"
"${cmd[@]}"
say "selesai: sertifikat ${names[0]} (certbot certificates; diperpanjang otomatis oleh certbot.timer)"
echo "Jangan lupa: balai domain add ${names[0]} DESA --primary (bila belum), lewat balai-admin." >&2
