// The odd inputs the fuzz suite mixes into otherwise valid requests: strings, ids, cursors, limits, body
// mutations, content types and headers. Pure fast-check arbitraries (no app), used by cases.ts.
import fc from 'fast-check';
import {
  arbitraryFromSchema,
  deref,
  type JsonSchema,
  type SchemaArbitraryOptions,
} from './schema-arbitrary.js';

/** The app's body limit (server/src/app.ts BODY_LIMIT). */
export const BODY_LIMIT = 256 * 1024;

/** Strings that have broken parsers, databases and renderers before. */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̷̡̛̛̖͇͔̘̿̀͆͐a̸̛̺̪l̴̢̰̈́g̸͚̓o̵͙̿',
  '\u200B\u200C\u200D\uFEFF',
  '\r\n\r\nX-Injected: 1',
  '\t\v\f\b',
  "' OR '1'='1",
  "'; DROP TABLE members; --",
  '1; SELECT pg_sleep(0); --',
  '" OR ""="',
  '\\',
  '%',
  '%00',
  '%ZZ',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '%s%s%n%x',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '9'.repeat(40),
  'ǅ ﬃ ß İ ı',
  '\uFFFD\uFFFE\uFFFF',
  '𝕳𝖊𝖑𝖑𝖔',
  'a'.repeat(1000),
];

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...ODD_STRINGS))
      .map(([a, b]) => `${a}${b}${a}`),
  },
);

/** A JSON value of some type, for putting where another type belongs. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE),
  oddString,
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** Ids that are not ids: not uuid-like, SQL-ish, traversal, very long (past the router's param limit). */
export const oddId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '0',
    '-1',
    '99999999999999999999',
    '1e3',
    "1' OR '1'='1",
    '1;DROP TABLE overflow;--',
    '../../etc/passwd',
    '..',
    '.',
    '%00',
    'null',
    '__proto__',
    'me',
    ' ',
    '😀',
    '\u202E',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  ),
  fc.uuid(),
  fc.integer({ min: 65, max: 600 }).map((n) => 'a'.repeat(n)),
  oddString.map((s) => s.slice(0, 200)),
);

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Cursors: base64 garbage, and base64 of well-formed-looking keys with odd values. */
export const oddCursor: fc.Arbitrary<string> = fc.oneof(
  fc.base64String({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('base64url')),
  fc.tuple(anyJson, anyJson).map(([a, b]) => b64(JSON.stringify([a, b]) ?? 'null')),
  fc
    .tuple(
      fc.constantFrom(
        '2026-13-45T99:99:99Z',
        'not a date',
        '',
        '9999-12-31T23:59:59.999Z',
        '0000-00-00',
        '-1',
        '1e309',
        'NaN',
        "'; SELECT 1; --",
        '\u0000',
        'x'.repeat(300),
        '2026-01-01T00:00:00.000Z',
        '12345678901234567890',
      ),
      fc.oneof(oddId, fc.uuid()),
    )
    .map(([k, id]) => b64(JSON.stringify([k, id]))),
  fc.constantFrom('=', '====', '%', 'null', '[]', b64('[]'), b64('{}'), b64('"x"'), b64('[1,2]'), '-_-_'),
  fc.integer({ min: 201, max: 3000 }).map((n) => 'A'.repeat(n)),
);

/** Values for `limit` and other integer query parameters. */
export const oddInteger: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('-1', '0', '-0', '1.5', 'abc', '', '1e3', ' 5', '5 ', '0x10', 'NaN', 'Infinity', '٣'),
  fc.constantFrom('99999999999', '9007199254740993', '1'.repeat(400), '-99999999999'),
  fc.integer().map(String),
);

/** A body mutation: what it did (for the report) and the new body. */
export interface Mutated {
  note: string;
  body: unknown;
}

function propertyNames(schema: JsonSchema | undefined): string[] {
  return schema && typeof schema.properties === 'object' && schema.properties !== null
    ? Object.keys(schema.properties)
    : [];
}

/** Mutates a valid body: missing / extra fields, wrong types, odd strings, null, deep nesting. */
export function mutatedBody(
  valid: unknown,
  schema: JsonSchema | undefined,
  options: SchemaArbitraryOptions,
): fc.Arbitrary<Mutated> {
  const resolved = schema ? deref(schema, options.resolve) : undefined;
  const props = propertyNames(resolved);
  const required = ((resolved?.required as string[] | undefined) ?? []).filter((k) => props.includes(k));
  const obj = valid !== null && typeof valid === 'object' && !Array.isArray(valid) ? (valid as object) : {};
  const choices: fc.Arbitrary<Mutated>[] = [
    anyJson.map((body) => ({ note: 'whole body replaced', body })),
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'role', 'memberId'),
          oddString,
        ),
        anyJson,
      )
      .map(([k, v]) => ({ note: `extra field ${JSON.stringify(k.slice(0, 30))}`, body: { ...obj, [k]: v } })),
    fc.integer({ min: 20, max: 200 }).map((depth) => {
      let nested: unknown = 'bottom';
      for (let i = 0; i < depth; i += 1) nested = i % 2 ? [nested] : { a: nested };
      const key = props[0] ?? 'a';
      return { note: `nested ${depth} deep`, body: { ...obj, [key]: nested } };
    }),
  ];
  if (required.length > 0) {
    choices.push(
      fc.constantFrom(...required).map((k) => {
        const copy: Record<string, unknown> = { ...obj };
        delete copy[k];
        return { note: `missing ${k}`, body: copy };
      }),
    );
  }
  if (props.length > 0) {
    choices.push(
      fc
        .tuple(fc.constantFrom(...props), fc.oneof(anyJson, oddString, fc.constant(null)))
        .map(([k, v]) => ({ note: `field ${k} set to an odd value`, body: { ...obj, [k]: v } })),
      fc
        .tuple(fc.constantFrom(...props), oddString)
        .map(([k, v]) => ({ note: `field ${k} set to an odd string`, body: { ...obj, [k]: v } })),
      fc.constantFrom(...props).chain((k) => {
        const sub = (resolved!.properties as Record<string, JsonSchema>)[k]!;
        // A valid value for the field, with odd characters spliced into its strings.
        return fc
          .tuple(arbitraryFromSchema(sub, options), fc.constantFrom(...ODD_STRINGS))
          .map(([v, odd]) => ({
            note: `field ${k} with odd characters`,
            body: { ...obj, [k]: spliceStrings(v, odd) },
          }));
      }),
    );
  }
  return fc.oneof(...choices);
}

/** Every string in `value` with `odd` inserted in its middle. */
export function spliceStrings(value: unknown, odd: string): unknown {
  if (typeof value === 'string') {
    const mid = Math.floor(value.length / 2);
    return value.slice(0, mid) + odd + value.slice(mid);
  }
  if (Array.isArray(value)) return value.map((v) => spliceStrings(v, odd));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, spliceStrings(v, odd)]));
  }
  return value;
}

/** How the body travels: content type and bytes. `undefined` payload sends no body. */
export interface Encoded {
  note: string;
  contentType?: string;
  payload?: string | Buffer;
  /** Sent as Content-Length instead of the real length (a lie). */
  contentLength?: string;
}

const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  '[1,2',
  'nul',
  'undefined',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '\u0000',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":1e999999}',
  '{"a":' + '9'.repeat(5000) + '}',
  '[' + '['.repeat(3000) + ']'.repeat(3001),
  '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
];

/** Odd encodings of a (valid or mutated) JSON body. */
export function oddEncoding(body: unknown): fc.Arbitrary<Encoded> {
  const json = JSON.stringify(body) ?? 'null';
  return fc.oneof(
    fc
      .constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json; charset=',
        'application/json;;;',
        'APPLICATION/JSON',
        'application/json ; boundary=x',
        'application/vnd.api+json',
        'application/problem+json',
        'application/jsonx',
        'application/json\t',
      )
      .map((contentType) => ({ note: `content type ${contentType}`, contentType, payload: json })),
    fc
      .constantFrom(
        'text/plain',
        'text/plain; charset=utf-8',
        'application/x-www-form-urlencoded',
        'application/xml',
        'application/octet-stream',
        '*/*',
        'garbage',
        '',
      )
      .map((contentType) => ({
        note: `content type ${JSON.stringify(contentType)}`,
        contentType,
        payload: json,
      })),
    fc.constant<Encoded>({
      note: 'form body',
      contentType: 'application/x-www-form-urlencoded',
      payload: 'email=a%40example.org&password=x&__proto__=1',
    }),
    fc.constant<Encoded>({
      note: 'multipart body',
      contentType: 'multipart/form-data; boundary=XyZ',
      payload: `--XyZ\r\nContent-Disposition: form-data; name="body"\r\n\r\n${json}\r\n--XyZ--\r\n`,
    }),
    fc.constant<Encoded>({ note: 'no content type', payload: json }),
    fc.constant<Encoded>({ note: 'empty JSON body', contentType: 'application/json', payload: '' }),
    fc.constant<Encoded>({ note: 'no body' }),
    fc
      .constantFrom(...MALFORMED_JSON)
      .map((payload) => ({ note: 'malformed JSON', contentType: 'application/json', payload })),
    fc.constant<Encoded>({
      note: 'BOM before JSON',
      contentType: 'application/json',
      payload: `\uFEFF${json}`,
    }),
    fc.constant<Encoded>({
      note: 'invalid UTF-8',
      contentType: 'application/json',
      payload: Buffer.concat([
        Buffer.from('{"a":"'),
        Buffer.from([0xff, 0xfe, 0xc0, 0x80]),
        Buffer.from('"}'),
      ]),
    }),
    fc.integer({ min: BODY_LIMIT - 64, max: BODY_LIMIT + 4096 }).map((n) => ({
      note: `huge body (${n} bytes)`,
      contentType: 'application/json',
      payload: hugeJson(body, n),
    })),
    fc.constantFrom('0', '1', '999999', '-1', 'abc').map((contentLength) => ({
      note: `content-length ${contentLength}`,
      contentType: 'application/json',
      payload: json,
      contentLength,
    })),
  );
}

/** A JSON object about `bytes` long: the body's fields plus one long string. */
function hugeJson(body: unknown, bytes: number): string {
  const base = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const head = JSON.stringify({ ...base, zz: '' });
  const fill = Math.max(0, bytes - head.length);
  return `${head.slice(0, -2)}${'y'.repeat(fill)}"}`;
}

/** Headers a client should not send, or sends wrong. */
export const oddHeaders: fc.Arbitrary<{ note: string; headers: Record<string, string> }> = fc.oneof(
  fc
    .constantFrom(
      'slipstream_session=garbage',
      'slipstream_session=',
      'slipstream_session=' + 'a'.repeat(4000),
      ';;;=;',
      'slipstream_session=%ZZ',
      'slipstream_session=a; slipstream_session=b',
    )
    .map((cookie) => ({ note: 'odd cookie', headers: { cookie } })),
  fc
    .constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer garbage',
      'Bearer ' + 'x'.repeat(5000),
      'Bearer slp_0000000000000000000000000000',
      'Basic Zm9vOmJhcg==',
      'bearer  lowercase',
      'Digest x',
    )
    .map((authorization) => ({ note: 'odd authorization', headers: { authorization } })),
  fc
    .constantFrom('', 'garbage', 'a'.repeat(3000))
    .map((v) => ({ note: 'odd x-csrf-token', headers: { 'x-csrf-token': v } })),
  fc
    .constantFrom('text/html', 'application/xml', '*/*;q=abc', 'image/*', '')
    .map((accept) => ({ note: `accept ${accept}`, headers: { accept } })),
  fc
    .constantFrom('garbage', '1.2.3.4, 5.6.7.8', '::1', '999.999.999.999', 'unknown')
    .map((v) => ({ note: 'x-forwarded-for', headers: { 'x-forwarded-for': v } })),
  fc
    .constantFrom('null', 'https://evil.example', 'file://', '')
    .map((origin) => ({ note: `origin ${origin}`, headers: { origin } })),
  fc
    .constantFrom('bytes=abc', 'bytes=0-0,0-0', 'bytes=-1')
    .map((range) => ({ note: 'range', headers: { range } })),
  fc
    .constantFrom('*', '"x"', 'W/"garbage"', 'a'.repeat(500))
    .map((v) => ({ note: 'if-none-match', headers: { 'if-none-match': v } })),
  fc
    .constantFrom('gzip;q=abc', 'br, zstd, *', 'identity;q=0')
    .map((v) => ({ note: 'accept-encoding', headers: { 'accept-encoding': v } })),
  fc.constant({ note: 'long user-agent', headers: { 'user-agent': 'u'.repeat(8000) } }),
);

/** Methods to try on an operation's path instead of its own. */
export const ODD_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'PROPFIND',
  'SEARCH',
];
