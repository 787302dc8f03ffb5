#!/usr/bin/env bash
# Signs an RS256 JWT with openssl: jwt.sh KEY.pem ISSUER SUBJECT ORG  (valid one hour)
set -euo pipefail
key=$1 iss=$2 sub=$3 org=$4
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"%s","orgs":["%s"],"iat":%d,"exp":%d}' "$iss" "$sub" "$org" "$now" $((now + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
