#!/usr/bin/env bash
# Packages the built web app in DIST for serving: every asset gets a content hash in its name
# (cached for a year, never revalidated), index.html names them (revalidated at each visit),
# and each file is stored compressed too (.br, .gz) so the server picks the smallest the
# browser accepts. Usage: scripts/package-web.sh DIST STATIC
set -euo pipefail
dist=$1
static=$(cd "$2" && pwd)
cd "$dist"

hash_of() { sha256sum "$1" | cut -c1-16; }

wasm="app-$(hash_of app_bg.wasm).wasm"
mv app_bg.wasm "$wasm"
# The bindings fetch the wasm by its old name when not told otherwise; tell them the new one.
sed -i "s/app_bg\.wasm/$wasm/g" app.js
js="app-$(hash_of app.js).js"
mv app.js "$js"

cp "$static/style.css" style.css
css="style-$(hash_of style.css).css"
mv style.css "$css"

sed -e "s|/APP_JS|/$js|" -e "s|/APP_WASM|/$wasm|" "$static/boot.js" > boot.js
boot="boot-$(hash_of boot.js).js"
mv boot.js "$boot"

sed -e "s|/STYLE_CSS|/$css|" -e "s|/BOOT_JS|/$boot|" "$static/index.html" > index.html

for file in "$wasm" "$js" "$css" "$boot" index.html; do
  # zopfli writes standard gzip 4-5 % smaller than gzip -9 (2 s for the wasm).
  if command -v zopfli >/dev/null; then zopfli --i15 "$file"; else gzip -9 -n -k -f "$file"; fi
  brotli -q 11 -k -f "$file"
done

raw=$(( $(stat -c %s "$wasm") + $(stat -c %s "$js") ))
gz=$(( $(stat -c %s "$wasm.gz") + $(stat -c %s "$js.gz") ))
br=$(( $(stat -c %s "$wasm.br") + $(stat -c %s "$js.br") ))
printf "web app (wasm + JS): %s bytes, %s gzipped, %s brotli\n" "$raw" "$gz" "$br"
