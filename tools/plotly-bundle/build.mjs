// Build the site's one plotly.js from the pinned plotly.js sources in node_modules.
//
//   npm ci && node build.mjs                  # writes dist/plotly-briefing.min.js (+ .LICENSE.txt)
//   node build.mjs --out some/dir             # same, elsewhere
//   node build.mjs --check path/to/plotly-briefing.min.js
//                    # rebuild in memory; exit 1 unless it and the .LICENSE.txt beside it are identical
//
// Mirrors what plotly.js's own `npm run custom-bundle` does (tasks/partial_bundle.mjs +
// tasks/util/bundle_wrapper.mjs + esbuild-config.js in the plotly.js repository), which the
// npm tarball does not ship: an index that registers chosen traces on lib/core, bundled by
// esbuild as a minified IIFE exposing the global `Plotly`, with the attribute descriptions
// stripped as tasks/compress_attributes.js does. Differences, on purpose: the licence header
// is copied from the pinned dist/plotly.min.js (upstream stamps the build year, which would
// make the bytes depend on the date), `calendars` is not registered, and CSS imports are
// empty (see the loader below).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));
const PINNED = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')).devDependencies['plotly.js'];
const PLOTLY_DIR = join(HERE, 'node_modules', 'plotly.js');
const NAME = 'plotly-briefing.min.js';
const TRACES = 'scatter, bar, heatmap, scattergeo, choropleth';

function die(message) {
    console.error(`build.mjs: ${message}`);
    process.exit(1);
}

// The idea of plotly.js tasks/compress_attributes.js: attribute metadata (descriptions,
// hrName, requiredOpts/otherOpts) is only for the schema, never for drawing. Its regular
// expressions expect `].join(' ')` on one line, which the Biome-formatted 4.x sources break
// over lines, so `.join( ' ' )` may span lines here; esbuild fails the build if a cut is wrong.
const WS = '\\s*';
const COMMA = ',?';
const QUOTED = "'(?:[^'\\\\\\n]|\\\\.)*'";
const STRIP = [
    new RegExp(`${WS}description: ${QUOTED}${COMMA}`, 'g'),
    new RegExp(`${WS}description: \\[[\\s\\S]*?\\]\\.join\\(${WS}${QUOTED}${WS}\\)${COMMA}`, 'g'),
    new RegExp(`${WS}requiredOpts: \\[[\\s\\S]*?\\]${COMMA}`, 'g'),
    new RegExp(`${WS}otherOpts: \\[[\\s\\S]*?\\]${COMMA}`, 'g'),
    new RegExp(`${WS}hrName: ${QUOTED}${COMMA}`, 'g'),
];

const compressAttributes = {
    name: 'compress-attributes',
    setup(b) {
        b.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, (args) => {
            let text = readFileSync(args.path, 'utf8');
            for (const re of STRIP) text = text.replace(re, '');
            return { contents: text, loader: 'js' };
        });
    },
};

function header(version) {
    // The first comment of upstream's own minified bundle, naming what this one holds.
    const dist = readFileSync(join(PLOTLY_DIR, 'dist', 'plotly.min.js'), 'utf8');
    const end = dist.indexOf('*/');
    if (!dist.startsWith('/**') || end < 0) die('no licence header in plotly.js/dist/plotly.min.js');
    return dist
        .slice(0, end + 2)
        .replace(`plotly.js v${version}`, `plotly.js v${version} (custom: ${TRACES} - minified)`);
}

async function bundle() {
    const pkg = JSON.parse(readFileSync(join(PLOTLY_DIR, 'package.json'), 'utf8'));
    if (pkg.version !== PINNED) die(`node_modules has plotly.js ${pkg.version}, package.json pins ${PINNED}: run npm ci`);
    const result = await build({
        entryPoints: [join(HERE, 'index.js')],
        absWorkingDir: HERE,
        bundle: true,
        write: false,
        outfile: join(HERE, 'dist', NAME),
        format: 'iife',
        globalName: 'Plotly',
        minify: true,
        target: 'es2016',
        legalComments: 'eof',
        charset: 'ascii',
        metafile: true,
        banner: { js: header(pkg.version) },
        define: { global: 'window', 'define.amd': 'false' },
        // The only CSS import is maplibre-gl's, reached only when a `map` subplot registers
        // (src/registry.js); none of these traces does, so it is left out, not emitted.
        loader: { '.css': 'empty' },
        plugins: [compressAttributes],
        logLevel: 'warning',
    });
    if (result.outputFiles.length !== 1) die(`esbuild wrote ${result.outputFiles.length} files, expected one`);
    return { code: result.outputFiles[0].contents, meta: result.metafile, version: pkg.version };
}

// One licence file for what is inside: every npm package the bundle took code from.
function licences(meta) {
    const packages = new Map();
    const [output] = Object.values(meta.outputs);
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        if (bytesInOutput === 0 || input.endsWith('.css')) continue; // .css: empty stub, see loader
        const parts = input.split(/[\\/]/);
        const at = parts.lastIndexOf('node_modules');
        if (at < 0) continue;
        const name = parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
        const root = join(HERE, ...parts.slice(0, at + 1), ...name.split('/'));
        packages.set(name, root);
    }
    const out = [`Licences of the npm packages bundled in ${NAME}`, ''];
    for (const name of [...packages.keys()].sort()) {
        const root = packages.get(name);
        const p = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
        let text = '(no licence file in the package; licence field only)';
        for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'license.md', 'LICENCE', 'License.md']) {
            try {
                text = readFileSync(join(root, f), 'utf8').trim();
                break;
            } catch {}
        }
        out.push('='.repeat(72), `${name}@${p.version}  (${p.license ?? p.licenses?.map((l) => l.type).join(' OR ')})`, '', text, '');
    }
    return { text: out.join('\n'), count: packages.size };
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

const args = process.argv.slice(2);
const { code, meta, version } = await bundle();
const { text, count } = licences(meta);
const licenceName = NAME.replace(/\.js$/, '.LICENSE.txt');
if (args[0] === '--check') {
    // Both committed files must be exactly what this recipe builds.
    if (!args[1]) die('--check needs the path of the committed bundle');
    const built = { [args[1]]: code, [join(dirname(args[1]), licenceName)]: Buffer.from(text) };
    for (const [path, bytes] of Object.entries(built)) {
        let committed;
        try {
            committed = readFileSync(path);
        } catch {
            die(`${path} is missing`);
        }
        const [want, got] = [sha256(committed), sha256(bytes)];
        if (want !== got) die(`${path} (sha256 ${want}) is not what plotly.js ${version} builds (sha256 ${got})`);
        console.log(`${path}: matches a rebuild from plotly.js ${version} (sha256 ${got})`);
    }
} else {
    const outDir = args[0] === '--out' ? args[1] : join(HERE, 'dist');
    mkdirSync(outDir, { recursive: true });
    // esbuild's analysis input (e.g. for https://esbuild.github.io/analyze/), on request only.
    if (process.env.BUNDLE_METAFILE) writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(meta));
    writeFileSync(join(outDir, NAME), code);
    writeFileSync(join(outDir, licenceName), text);
    const gz = gzipSync(code, { level: 9 }).length;
    console.log(`${relative(process.cwd(), join(outDir, NAME)) || NAME}: plotly.js ${version}, ${code.length} bytes, ${gz} gzip -9, ${count} packages`);
    console.log(`sha256 ${sha256(code)}`);
}
