// The first visit: hashed assets precompressed (brotli, gzip) with a year of immutable caching, everything
// else (index.html, the favicon, the colour-scheme script) revalidated; the CSP stays strict.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressAssets } from '../../scripts/compress-assets.js';
import { createTestApp, type TestApp } from './helpers/app.js';

const ASSET = '/assets/index-Ab12_x-9.js';
const SCRIPT = `export const greeting = ${JSON.stringify('slipstream '.repeat(400))};\n`;
const INDEX = `<!doctype html><html lang="en"><head><script src="/color-scheme.js"></script><script type="module" src="${ASSET}"></script></head><body><div id="root"></div></body></html>`;

let t: TestApp;
let dist: string;
beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'slipstream-web-assets-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, ASSET), SCRIPT);
  writeFileSync(join(dist, 'color-scheme.js'), `/* ${'x'.repeat(2000)} */`);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  compressAssets(dist);
  t = await createTestApp({ webDist: dist });
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('build: compressAssets', () => {
  it('writes a brotli and a gzip variant of each compressible file over 1 KiB, and none of a tiny one', () => {
    expect(brotliDecompressSync(readFileSync(join(dist, `${ASSET}.br`))).toString()).toBe(SCRIPT);
    expect(gunzipSync(readFileSync(join(dist, `${ASSET}.gz`))).toString()).toBe(SCRIPT);
    expect(() => readFileSync(join(dist, 'favicon.svg.br'))).toThrow();
  });
});

describe('hashed assets', () => {
  it('are served brotli-compressed to a browser that accepts br, cached for a year and immutable', async () => {
    const res = await get(ASSET, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
  });

  it('are served gzip to a client that accepts only gzip', async () => {
    const res = await get(ASSET, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(res.rawPayload).toString()).toBe(SCRIPT);
  });

  it('are served as they are to a client that accepts no encoding, still immutable and varying on it', async () => {
    const res = await get(ASSET, { 'accept-encoding': 'identity' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe(SCRIPT);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/accept-encoding/i);
  });

  it('a missing asset is a 404, not the app', async () => {
    const res = await get('/assets/missing-00000000.js', { accept: '*/*' });
    expect(res.statusCode).toBe(404);
  });
});

describe('documents and unhashed files revalidate', () => {
  it('index.html (the app at any page) is no-cache', async () => {
    const res = await get('/board', { accept: 'text/html' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('index.html by name is no-cache with an ETag, and a matching If-None-Match answers 304', async () => {
    const first = await get('/index.html', { 'accept-encoding': 'br' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get('/index.html', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
  });

  it('the colour-scheme script and the favicon revalidate (no-cache), the script compressed', async () => {
    const script = await get('/color-scheme.js', { 'accept-encoding': 'br' });
    expect(script.headers['cache-control']).toBe('no-cache');
    expect(script.headers['content-encoding']).toBe('br');
    const icon = await get('/favicon.svg', { 'accept-encoding': 'br' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    expect(icon.headers['content-encoding']).toBeUndefined();
  });
});

describe('the CSP stays strict', () => {
  it('scripts only from this origin, none inline', async () => {
    const res = await get('/', { accept: 'text/html' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
  });

  it("the web app's index.html has no inline script (the colour scheme comes from a file)", () => {
    const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
    expect(html).toContain('<script src="/color-scheme.js"></script>');
  });
});
