#!/usr/bin/env bash
# Build static/vendor/plotly/plotly-belregions.min.js: plotly.js with only what the dashboard draws
# (issue 17, item 8), so that a chart page loads about 1.15 MB of JavaScript instead of the 4.8 MB full build.
#
#   scripts/build_plotly_bundle.sh [SCRATCH_DIR]      (default /tmp/plotly-build; needs node >= 20 and npm)
#
# It installs the pinned packages from the npm registry in SCRATCH_DIR (never in the repo), bundles the entry
# below with esbuild as a minified IIFE that sets window.Plotly, shrinks it again with terser, copies it into
# static/vendor/plotly/ and compares its sha256 with the one recorded here (and in
# tests/dashboard/test_static.py). A different sha256 means a transitive dependency moved: the script prints the
# bundled packages' versions, to compare with static/vendor/plotly/README.md.
#
# What is left out, and why (each is replaced by a stub in the esbuild plugin below):
# - every trace but scatter, bar, heatmap and choropleth (the geo map of dashboard/charts.py);
# - the components no dashboard figure uses: updatemenus, sliders, rangeselector, rangeslider, images,
#   annotations3d (registered as empty components, so their layout keys are ignored);
# - country-iso-search (country names for locationmode "country names": the map finds its regions by GeoJSON id);
# - d3-geo-projection (projections beyond d3-geo's own: the map uses d3-geo's "conic equal area");
# - culori's 30 colour spaces: only the CSS ones are kept (culori/css with culori/fn, as plotly's own TODO in
#   src/components/color/index.js suggests), so every colour CSS can write still parses.
set -euo pipefail

PLOTLY_VERSION=4.1.1
ESBUILD_VERSION=0.28.2
TERSER_VERSION=5.51.4
EXPECTED_SHA256=0239a8cc935f8515bc650d654f0dd4e28488a15a39743841fd568ad5c01fe0b9

repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${1:-/tmp/plotly-build}"
out="$repo/static/vendor/plotly/plotly-belregions.min.js"
mkdir -p "$scratch"
cd "$scratch"

cat > package.json <<JSON
{"name": "belregions-plotly-bundle", "private": true,
 "dependencies": {"plotly.js": "$PLOTLY_VERSION", "esbuild": "$ESBUILD_VERSION", "terser": "$TERSER_VERSION"}}
JSON
npm install --no-audit --no-fund --loglevel=error

cat > entry.js <<'JS'
var Plotly = require('plotly.js/lib/core');  // scatter comes with the core
Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/heatmap'),
    require('plotly.js/lib/choropleth')
]);
module.exports = Plotly;
JS

cat > build.mjs <<'JS'
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const UNUSED_COMPONENT = /\/plotly\.js\/src\/components\/(updatemenus|sliders|rangeselector|rangeslider|images|annotations3d)$/;
const SHIMS = {
  'country-iso-search': 'module.exports = {COUNTRIES: [], createLookup: function () { return {lookupAlpha3: function () {}}; }};',
  'd3-geo-projection': 'module.exports = {};',
  'culori': "import 'culori/css'; export {converter, formatHex, formatRgb, wcagContrast, wcagLuminance} from 'culori/fn';",
};

const trim = {
  name: 'belregions-trim',
  setup(build) {
    build.onResolve({filter: /^\.\/components\/[a-z0-9]+$/}, (args) => {
      const match = path.join(args.resolveDir, args.path).match(UNUSED_COMPONENT);
      return match ? {path: match[1], namespace: 'unused-component'} : undefined;
    });
    build.onLoad({filter: /.*/, namespace: 'unused-component'}, (args) => ({
      loader: 'js', contents: `module.exports = {moduleType: 'component', name: ${JSON.stringify(args.path)}};`}));
    build.onResolve({filter: /^(country-iso-search|d3-geo-projection|culori)$/}, (args) => ({path: args.path, namespace: 'shim'}));
    build.onLoad({filter: /.*/, namespace: 'shim'}, (args) => ({
      loader: 'js', resolveDir: path.resolve('.'), contents: SHIMS[args.path]}));
  },
};

const result = await esbuild.build({
  entryPoints: ['entry.js'], bundle: true, minify: true, format: 'iife', globalName: 'Plotly', target: 'es2016',
  define: {global: 'window', 'define.amd': 'false'}, plugins: [trim], metafile: true, legalComments: 'none',
  outfile: 'plotly-esbuild.js', logLevel: 'warning',
});
fs.writeFileSync('meta.json', JSON.stringify(result.metafile));
JS
node build.mjs
npx terser plotly-esbuild.js --compress passes=2 --mangle --output plotly-terser.js

{
  printf '/*! plotly.js v%s (MIT licence, Copyright 2012-2026 Plotly, Inc.; see LICENSE.txt), a partial bundle for belregions:\n' "$PLOTLY_VERSION"
  printf ' * scatter, bar, heatmap, choropleth. Built by scripts/build_plotly_bundle.sh. */\n'
  cat plotly-terser.js
} > "$out"

actual="$(sha256sum "$out" | cut -d' ' -f1)"
echo "$out: $(wc -c < "$out") bytes, sha256 $actual"
if [ "$actual" != "$EXPECTED_SHA256" ]; then
  echo "sha256 differs from the recorded $EXPECTED_SHA256; the bundled packages:" >&2
  node -e '
    const inputs = Object.keys(require("./meta.json").inputs);
    const names = new Set(inputs.map(p => p.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)).filter(Boolean).map(m => m[1]));
    const version = (name) => JSON.parse(require("fs").readFileSync("node_modules/" + name + "/package.json")).version;
    for (const name of [...names].sort()) console.log(name, version(name));' >&2
  exit 1
fi
