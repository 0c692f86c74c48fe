#!/usr/bin/env bash
# Gives S3 buckets the CORS rule browser uploads need (PutBucketCors), then checks it with a real preflight.
#
#   scripts/stack/s3-cors.sh <bucket> [bucket ...]
#
# Needed on stores with per-bucket CORS (AWS S3, SeaweedFS without -s3.allowedOrigins, Ceph, ...).
# NOT needed on the local stack: MinIO's CORS is global (MINIO_API_CORS_ALLOW_ORIGIN, set by stack.sh) and it
# answers PutBucketCors with 501 NotImplemented, which this script reports and then verifies the preflight.
# Environment (same names as the app): S3_ENDPOINT (default http://127.0.0.1:8333), S3_REGION (us-east-1),
# S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY; S3_CORS_ORIGINS (comma-separated, default the console's origins).
# Needs curl >= 7.75 (--aws-sigv4) and openssl. Path-style URLs (<endpoint>/<bucket>).
set -euo pipefail

endpoint="${S3_ENDPOINT:-http://127.0.0.1:${S3_PORT:-8333}}"
endpoint="${endpoint%/}"
region="${S3_REGION:-us-east-1}"
key="${S3_ACCESS_KEY_ID:-strata}"
secret="${S3_SECRET_ACCESS_KEY:-strata-dev-secret}"
IFS=, read -r -a origins <<<"${S3_CORS_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000}"

(($# > 0)) || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

rules=""
for o in "${origins[@]}"; do rules+="<AllowedOrigin>${o// /}</AllowedOrigin>"; done
# PUT for objects and multipart parts, POST for CreateMultipartUpload/Complete, GET/HEAD for downloads.
body="<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><CORSRule>${rules}\
<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>PUT</AllowedMethod>\
<AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod><AllowedHeader>*</AllowedHeader>\
<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-amz-version-id</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds>\
</CORSRule></CORSConfiguration>"
md5=$(printf '%s' "$body" | openssl dgst -md5 -binary | base64)
sha=$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)

rc=0
for bucket in "$@"; do
  # curl signs the payload hash it is given in x-amz-content-sha256; `?cors=` (with =) signs correctly.
  out=$(curl -sS -w '\n%{http_code}' -X PUT --aws-sigv4 "aws:amz:$region:s3" -u "$key:$secret" \
    -H "x-amz-content-sha256: $sha" -H "Content-MD5: $md5" -H "Content-Type: application/xml" \
    --data-binary "$body" "$endpoint/$bucket?cors=") || { echo "$bucket: request failed" >&2; rc=1; continue; }
  code=${out##*$'\n'}
  case "$code" in
    200 | 204) echo "$bucket: CORS rule set for ${origins[*]}" ;;
    501) echo "$bucket: the store has no per-bucket CORS (501 NotImplemented, e.g. MinIO: global CORS applies)" ;;
    *) echo "$bucket: PutBucketCors answered HTTP $code: ${out%$'\n'*}" >&2; rc=1; continue ;;
  esac
  for o in "${origins[@]}"; do
    headers=$(curl -sS -o /dev/null -D - -X OPTIONS "$endpoint/$bucket/cors-check" -H "Origin: $o" \
      -H "Access-Control-Request-Method: PUT" -H "Access-Control-Request-Headers: content-type" | tr -d '\r')
    allow=$(grep -i '^access-control-allow-origin:' <<<"$headers" | cut -d' ' -f2- || true)
    if [[ "$allow" == "$o" || "$allow" == "*" ]]; then
      echo "$bucket: preflight from $o allowed"
    else
      echo "$bucket: preflight from $o NOT allowed ($(head -n1 <<<"$headers"))" >&2
      rc=1
    fi
  done
done
exit $rc
