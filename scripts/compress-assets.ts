// Precompresses a web build once, at build time: every compressible file of at least 1 KiB gets a brotli
// (`.br`, quality 11) and a gzip (`.gz`, level 9) sibling, which @fastify/static serves by the request's
// Accept-Encoding (`preCompressed: true`, server/src/plugins/web.ts). Run from the Vite build (the
// `precompress` plugin in web/vite.config.ts), or by hand: `node --import tsx scripts/compress-assets.ts dist/web`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|map)$/;
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(entry.name)) yield path;
  }
}

/** Writes `.br` and `.gz` next to each compressible file; returns the totals (bytes before and after). */
export function compressAssets(dir: string): { files: number; raw: number; brotli: number; gzip: number } {
  const totals = { files: 0, raw: 0, brotli: 0, gzip: 0 };
  for (const path of files(dir)) {
    if (statSync(path).size < MIN_BYTES) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    const gz = gzipSync(data, { level: 9 });
    // A variant no smaller than the original is not worth its decompression.
    if (br.length < data.length) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
    totals.files += 1;
    totals.raw += data.length;
    totals.brotli += br.length;
    totals.gzip += gz.length;
  }
  return totals;
}

/** A Vite plugin: precompress the output folder after the bundle is written (`vite build` only). */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'slipstream-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        compressAssets(outDir);
      },
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? process.env.WEB_DIST ?? 'dist/web');
  const t = compressAssets(dir);
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  console.log(`${t.files} files: ${kib(t.raw)} → brotli ${kib(t.brotli)}, gzip ${kib(t.gzip)}`);
}
