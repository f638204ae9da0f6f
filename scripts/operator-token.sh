#!/usr/bin/env bash
# Prints a signed operator token (an RS256 JWT) for the replayer's changing endpoints, ready to paste:
#   curl -H "Authorization: Bearer $(scripts/operator-token.sh ~/.gps-replay/keys)" -X POST .../pause
#
# Usage: scripts/operator-token.sh [-i ISSUER] [-t HOURS] [-g GROUPS] KEY_DIR
#   KEY_DIR    folder of the key pair: privateKey.pem (kept, mode 600) and publicKey.pem. Both are made
#              on the first run when privateKey.pem is missing. Point the services at the public key:
#              MP_JWT_VERIFY_PUBLICKEY_LOCATION=KEY_DIR/publicKey.pem
#   -i ISSUER  the token's iss; must equal the services' mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER).
#              Default: $GPSREPLAY_TOKEN_ISSUER, else gps-replay (the services' default).
#   -t HOURS   lifetime in whole hours. Default: $GPSREPLAY_TOKEN_HOURS, else 12.
#   -g GROUPS  comma-separated groups. Default: operator (reader makes a read-only token).
# Only the token goes to stdout; messages go to stderr. Needs bash and openssl.
set -euo pipefail

issuer="${GPSREPLAY_TOKEN_ISSUER:-gps-replay}"
hours="${GPSREPLAY_TOKEN_HOURS:-12}"
groups="operator"

usage() {
  sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while getopts ":i:t:g:" option; do
  case "$option" in
    i) issuer="$OPTARG" ;;
    t) hours="$OPTARG" ;;
    g) groups="$OPTARG" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 1 ]] || usage
key_dir="$1"

[[ "$hours" =~ ^[1-9][0-9]{0,4}$ ]] || { echo "operator-token.sh: HOURS must be 1 to 99999, got '$hours'" >&2; exit 2; }
[[ "$groups" =~ ^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$ ]] || { echo "operator-token.sh: bad GROUPS '$groups'" >&2; exit 2; }
[[ -n "$issuer" && "$issuer" != *[\"\\]* ]] || { echo "operator-token.sh: bad ISSUER '$issuer'" >&2; exit 2; }

private_key="$key_dir/privateKey.pem"
public_key="$key_dir/publicKey.pem"

if [[ ! -f "$private_key" ]]; then
  mkdir -p "$key_dir"
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private_key" 2>/dev/null)
  echo "operator-token.sh: made a new key pair in $key_dir" >&2
fi
if [[ ! -f "$public_key" || "$private_key" -nt "$public_key" ]]; then
  openssl pkey -in "$private_key" -pubout -out "$public_key"
fi

# base64url without padding (RFC 7515)
b64url() {
  openssl base64 -A | tr '+/' '-_' | tr -d '='
}

now="$(date +%s)"
expires=$((now + hours * 3600))
group_list="\"${groups//,/\",\"}\""
jti="$(openssl rand -hex 16)"
header='{"alg":"RS256","typ":"JWT"}'
payload="{\"iss\":\"$issuer\",\"sub\":\"operator\",\"upn\":\"operator\",\"groups\":[$group_list],\"iat\":$now,\"exp\":$expires,\"jti\":\"$jti\"}"

signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature="$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$private_key" -binary | b64url)"

echo "operator-token.sh: groups [$groups], issuer $issuer, valid $hours h; services verify with $public_key" >&2
printf '%s.%s\n' "$signing_input" "$signature"
