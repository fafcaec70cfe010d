#!/usr/bin/env bash
# Packages the built web app in DIST for serving: every asset gets a content hash in its name
# (cached for a year, never revalidated), index.html names them (revalidated at each visit),
# and each file is stored compressed too (.br, .gz) so the server picks the smallest the
# browser accepts. The app comes in parts (wasm-split-cli): the shell (app.js, its wasm and
# the loader __wasm_split.js) and one wasm per screen or shared piece, fetched by the loader
# when first needed. Usage: scripts/package-web.sh DIST STATIC
set -euo pipefail
dist=$1
static=$(cd "$2" && pwd)
cd "$dist"

hash_of() { sha256sum "$1" | cut -c1-16; }

wasm="app-$(hash_of app_bg.wasm).wasm"
mv app_bg.wasm "$wasm"
# The bindings fetch the wasm by its old name when not told otherwise; tell them the new one.
sed -i "s/app_bg\.wasm/$wasm/g" app.js

# The screens' parts are named in the loader only: each gets its own content hash.
parts=()
for part in split_*.wasm chunk_*.wasm; do
  [ -e "$part" ] || continue
  named="${part%.wasm}-$(hash_of "$part").wasm"
  mv "$part" "$named"
  sed -i "s|\"\./$part\"|\"./$named\"|g" __wasm_split.js
  parts+=("$named")
done
# The bindings and the loader import each other: both take the hash of the pair.
pair=$(cat app.js __wasm_split.js | sha256sum | cut -c1-16)
js="app-$pair.js"
loader="split-$pair.js"
# Only the import itself: the same name is also the wasm's import module, which must stay.
sed -i "s|from \"\./__wasm_split\.js\"|from \"./$loader\"|g" app.js
sed -i "s|\./app\.js|./$js|g" __wasm_split.js
mv app.js "$js"
mv __wasm_split.js "$loader"

cp "$static/style.css" style.css
css="style-$(hash_of style.css).css"
mv style.css "$css"

sed -e "s|/APP_JS|/$js|" -e "s|/APP_WASM|/$wasm|" "$static/boot.js" > boot.js
boot="boot-$(hash_of boot.js).js"
mv boot.js "$boot"

sed -e "s|/STYLE_CSS|/$css|" -e "s|/BOOT_JS|/$boot|" -e "s|/APP_JS|/$js|" -e "s|/SPLIT_JS|/$loader|" \
  -e "s|/APP_WASM|/$wasm|" "$static/index.html" > index.html

compress() {
  # zopfli writes standard gzip 4-5 % smaller than gzip -9 (2 s for the shell's wasm); the
  # hundreds of small parts get gzip -9, which is as good on them and much faster.
  if [ "$(stat -c %s "$1")" -gt 100000 ] && command -v zopfli >/dev/null; then zopfli --i15 "$1"; else gzip -9 -n -k -f "$1"; fi
  brotli -q 11 -k -f "$1"
}
export -f compress
printf '%s\n' "$wasm" "$js" "$loader" "${parts[@]}" "$css" "$boot" index.html | xargs -P "$(nproc)" -I{} bash -c 'compress "$1"' _ {}

size() { local total=0; for f in "$@"; do total=$(( total + $(stat -c %s "$f") )); done; echo $total; }
shell=("$wasm" "$js" "$loader")
printf "web app shell (wasm + JS, loaded first): %s bytes, %s gzipped, %s brotli\n" \
  "$(size "${shell[@]}")" "$(size "${shell[@]/%/.gz}")" "$(size "${shell[@]/%/.br}")"
printf "web app screens (%s parts, each loaded when first needed): %s bytes, %s gzipped\n" \
  "${#parts[@]}" "$(size "${parts[@]}")" "$(size "${parts[@]/%/.gz}")"
