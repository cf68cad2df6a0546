#!/usr/bin/env bash
# Installs the Debian 12 packages qascrape builds and tests with (as root).
# Installs only what is missing, so a second run costs nothing.
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libgumbo-dev nlohmann-json3-dev libboost-program-options-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev
  libgtest-dev libcpp-httplib-dev
  clang-format gzip ca-certificates python3-jsonschema
  dpkg-dev file
  libpq-dev libsqlite3-dev postgresql postgresql-common sqlite3 sqlite-utils parallel
  libsimdjson-dev
  python3-lxml python3-parsel
  chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
