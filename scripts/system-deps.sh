#!/usr/bin/env bash
# Installs the Debian packages the test suite starts for real, when they are missing:
# redis-server (the Redis token store's tests), chromium (the browser login test) and jq (the
# README's CLI snippets, which the README test runs).
# Runs before `npm test` and in CI. Without root or sudo it only says what to install.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v jq >/dev/null 2>&1 || missing+=(jq)
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "netatmo-connect tests: missing ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
  echo "(the tests that need them fail until then)" >&2
  exit 0
fi

echo "netatmo-connect tests: installing ${missing[*]} (Debian packages the suite runs for real)" >&2
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
