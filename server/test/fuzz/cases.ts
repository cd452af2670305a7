// One fuzz case per draw: an operation of the OpenAPI document turned into a request (caller, method, URL,
// headers, body) from its schemas, with real ids from a seeded fixture and the odd inputs of mutations.ts.
// Pure fast-check (no app): api.fuzz.test.ts sends the cases and checks the answers.
import fc from 'fast-check';
import {
  oddCursor,
  oddEncoding,
  oddHeaders,
  oddId,
  oddInteger,
  oddString,
  mutatedBody,
  ODD_METHODS,
  type Encoded,
} from './mutations.js';
import {
  arbitraryFromSchema,
  componentResolver,
  deref,
  type JsonSchema,
  type SchemaArbitraryOptions,
} from './schema-arbitrary.js';

export type Caller = 'anonymous' | 'member' | 'admin';
export const CALLERS: readonly Caller[] = ['anonymous', 'member', 'admin'];

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/api/v1/overflow/{id}`. */
  path: string;
  parameters: Parameter[];
  body?: { required: boolean; schema: JsonSchema };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, unknown> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = componentResolver(document);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = ((raw.parameters as Record<string, unknown>[] | undefined) ?? []).map((p) => {
        const resolved = deref(p as JsonSchema, resolve);
        return {
          name: String(resolved.name),
          in: resolved.in as Parameter['in'],
          required: resolved.required === true,
          schema: (resolved.schema ?? {}) as JsonSchema,
        };
      });
      const requestBody = raw.requestBody as
        { required?: boolean; content?: Record<string, { schema?: JsonSchema }> } | undefined;
      const jsonSchema = requestBody?.content?.['application/json']?.schema;
      ops.push({
        operationId: String(raw.operationId ?? `${method} ${path}`),
        method: method.toUpperCase(),
        path,
        parameters: params,
        ...(jsonSchema && { body: { required: requestBody?.required === true, schema: jsonSchema } }),
      });
    }
  }
  return ops;
}

/** Real values from the seeded fixture, by what they name. */
export interface Fixture {
  /** Ids of every kind (overflow, offers, engagements, work records, tokens, sessions, …). */
  ids: string[];
  /** The same ids by the path segment before `{id}` that names their kind (`overflow`, `offers` …). */
  byKind: Record<string, string[]>;
  handles: string[];
  messageIds: string[];
}

export interface FuzzCase {
  operationId: string;
  caller: Caller;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Send the caller's CSRF header (signed-in callers), leave it out, or send a wrong one. */
  csrf: 'send' | 'omit' | 'wrong';
  /** What was odd about this case, for the failure report. */
  notes: string[];
}

const pickFrom = (values: string[]): fc.Arbitrary<string> =>
  values.length > 0 ? fc.constantFrom(...values) : fc.uuid();

function realValuesFor(name: string, fixture: Fixture): string[] {
  if (/handle/i.test(name)) return fixture.handles;
  if (/^messageId$/i.test(name)) return fixture.messageIds;
  if (/id$/i.test(name)) return fixture.ids;
  return [];
}

/** A path parameter: a real id of the path's kind (mostly), any real id, a value from its schema, or an odd one. */
function pathValue(op: Operation, param: Parameter, fixture: Fixture, options: SchemaArbitraryOptions) {
  const real = realValuesFor(param.name, fixture);
  const before = new RegExp(`/([^/{}]+)/\\{${param.name}\\}`).exec(op.path)?.[1];
  const ofKind = param.name === 'id' && before ? (fixture.byKind[before] ?? []) : [];
  const plain = (value: string) => ({ value, note: '' });
  return fc.oneof(
    { weight: ofKind.length > 0 ? 8 : 0, arbitrary: pickFrom(ofKind).map(plain) },
    { weight: real.length > 0 ? 3 : 0, arbitrary: pickFrom(real).map(plain) },
    { weight: 1, arbitrary: arbitraryFromSchema(param.schema, options).map((v) => plain(String(v))) },
    { weight: 3, arbitrary: oddId.map((v) => ({ value: v, note: `odd ${param.name}` })) },
  );
}

/** Plants real ids and handles into body fields whose names ask for them (workRecordId, toHandle, ids…). */
function plantRealValues(body: unknown, fixture: Fixture, picks: number[]): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  let i = 0;
  const next = () => picks[i++ % picks.length] ?? 0;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') {
      const real = realValuesFor(key, fixture);
      if (real.length > 0) out[key] = real[next() % real.length];
    } else if (Array.isArray(value) && key === 'ids') {
      out[key] = value.map(() => fixture.ids[next() % Math.max(1, fixture.ids.length)] ?? 'x');
    }
  }
  return out;
}

function queryValue(param: Parameter, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  return arbitraryFromSchema(param.schema, options);
}

/** A query string from the parameters, sometimes with an odd value, an odd cursor or limit, or extras. */
function queryString(op: Operation, options: SchemaArbitraryOptions) {
  const params = op.parameters.filter((p) => p.in === 'query');
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of params) model[p.name] = queryValue(p, options);
  const valid = fc.record(model, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) });
  const names = params.map((p) => p.name);
  const mutation: fc.Arbitrary<{ note: string; apply: (q: [string, string][]) => [string, string][] }> =
    fc.oneof(
      fc.constant({ note: '', apply: (q: [string, string][]) => q }),
      ...(names.length > 0
        ? [
            fc.tuple(fc.constantFrom(...names), oddString).map(([n, v]) => ({
              note: `query ${n} odd`,
              apply: (q: [string, string][]) => [...q.filter(([k]) => k !== n), [n, v] as [string, string]],
            })),
            fc.tuple(fc.constantFrom(...names), fc.string({ maxLength: 5 })).map(([n, v]) => ({
              note: `query ${n} twice`,
              apply: (q: [string, string][]) => [
                ...q,
                [n, v] as [string, string],
                [n, v] as [string, string],
              ],
            })),
          ]
        : []),
      ...(names.includes('cursor')
        ? [
            oddCursor.map((v) => ({
              note: 'odd cursor',
              apply: (q: [string, string][]) => set(q, 'cursor', v),
            })),
          ]
        : []),
      ...(names.includes('limit')
        ? [
            oddInteger.map((v) => ({
              note: 'odd limit',
              apply: (q: [string, string][]) => set(q, 'limit', v),
            })),
          ]
        : []),
      fc.tuple(oddString, oddString).map(([k, v]) => ({
        note: 'unknown query parameter',
        apply: (q: [string, string][]) => [...q, [k.slice(0, 50) || 'x', v] as [string, string]],
      })),
    );
  return fc
    .tuple(
      valid,
      mutation,
      fc.constantFrom('', '', '', '&', '&%ZZ', '&a=%00', '&&&=&', '&a[b]=1&a[c]=2', '&a=%FF%FE'),
    )
    .map(([values, m, tail]) => {
      const pairs: [string, string][] = Object.entries(values).map(([k, v]) => [k, String(v)]);
      const query = m.apply(pairs);
      const text = query.map(([k, v]) => `${encodePart(k)}=${encodePart(v)}`).join('&') + tail;
      const notes = [m.note, tail ? `query tail ${tail}` : ''].filter(Boolean);
      return { text: text.replace(/^&/, ''), notes };
    });
}

/** encodeURIComponent that also takes lone surrogates (as UTF-8 of U+FFFD, as a browser would). */
export function encodePart(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function set(q: [string, string][], name: string, value: string): [string, string][] {
  return [...q.filter(([k]) => k !== name), [name, value]];
}

/** The case arbitrary for one operation. */
export function caseArbitrary(
  op: Operation,
  document: OpenApiDocument,
  fixture: Fixture,
): fc.Arbitrary<FuzzCase> {
  const options: SchemaArbitraryOptions = { resolve: componentResolver(document) };
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const pathModel: Record<string, fc.Arbitrary<{ value: string; note: string }>> = {};
  for (const p of pathParams) pathModel[p.name] = pathValue(op, p, fixture, options);

  const pathArb = fc
    .tuple(fc.record(pathModel), fc.constantFrom('encoded', 'encoded', 'encoded', 'encoded', 'raw'))
    .map(([values, how]) => {
      const notes: string[] = [];
      const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
        const v = values[name];
        if (!v) return 'x';
        if (v.note) notes.push(v.note);
        // Raw: the odd value goes into the URL unencoded (what a careless client or a scanner sends), but for a
        // slash: the test client resolves dot segments, which would take the request out of /api altogether.
        if (how === 'raw' && v.note) {
          notes.push('unencoded');
          return v.value.replace(/[^\x21-\x7e]|[?#/]/gu, (c) => encodePart(c));
        }
        return encodePart(v.value);
      });
      return { path, notes };
    });

  const bodySchema = op.body?.schema;
  const bodyArb: fc.Arbitrary<{ encoded: Encoded; notes: string[] }> = bodySchema
    ? fc
        .tuple(
          arbitraryFromSchema(bodySchema, options),
          fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
          fc.boolean(),
        )
        .map(([body, picks, plant]) => (plant ? plantRealValues(body, fixture, picks) : body))
        .chain((valid) =>
          fc.oneof(
            { weight: 5, arbitrary: fc.constant({ note: '', body: valid }) },
            { weight: 4, arbitrary: mutatedBody(valid, bodySchema, options) },
          ),
        )
        .chain(({ note, body }) =>
          fc
            .oneof(
              {
                weight: 8,
                arbitrary: fc.constant<Encoded>({
                  note: '',
                  contentType: 'application/json',
                  payload: JSON.stringify(body) ?? 'null',
                }),
              },
              { weight: 3, arbitrary: oddEncoding(body) },
            )
            .map((encoded) => ({ encoded, notes: [note, encoded.note].filter(Boolean) })),
        )
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant({ encoded: { note: '' } as Encoded, notes: [] as string[] }) },
        {
          weight: 2,
          arbitrary: anyBody().chain((body) =>
            oddEncoding(body).map((encoded) => ({
              encoded,
              notes: [`body where none is taken`, encoded.note],
            })),
          ),
        },
      );

  const methodArb = fc.oneof(
    { weight: 12, arbitrary: fc.constant({ method: op.method, note: '' }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...ODD_METHODS).map((m) => ({ method: m, note: `method ${m}` })),
    },
  );
  const headersArb = fc.oneof(
    { weight: 5, arbitrary: fc.constant({ note: '', headers: {} as Record<string, string> }) },
    { weight: 1, arbitrary: oddHeaders },
  );
  const csrfArb = fc.oneof(
    { weight: 10, arbitrary: fc.constant<'send'>('send') },
    { weight: 1, arbitrary: fc.constantFrom<'omit' | 'wrong'>('omit', 'wrong') },
  );

  return fc
    .record({
      caller: fc.constantFrom(...CALLERS),
      path: pathArb,
      query: queryString(op, options),
      body: bodyArb,
      method: methodArb,
      headers: headersArb,
      csrf: csrfArb,
    })
    .map(({ caller, path, query, body, method, headers, csrf }) => {
      const h: Record<string, string> = { ...headers.headers };
      if (body.encoded.contentType !== undefined) h['content-type'] = body.encoded.contentType;
      if (body.encoded.contentLength !== undefined) h['content-length'] = body.encoded.contentLength;
      const url = query.text ? `${path.path}?${query.text}` : path.path;
      return {
        operationId: op.operationId,
        caller,
        method: method.method,
        url,
        headers: h,
        ...(body.encoded.payload !== undefined && { payload: body.encoded.payload }),
        csrf,
        notes: [
          ...path.notes,
          ...query.notes,
          ...body.notes,
          method.note,
          headers.note,
          csrf === 'send' ? '' : `csrf ${csrf}`,
        ].filter(Boolean),
      };
    });
}

function anyBody(): fc.Arbitrary<unknown> {
  return fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(oddString, oddString, { maxKeys: 3 }));
}

/** A short, printable description of a case (long payloads cut). */
export function describeCase(c: FuzzCase): string {
  const payload =
    c.payload === undefined
      ? '(none)'
      : Buffer.isBuffer(c.payload)
        ? `<${c.payload.length} bytes: ${c.payload.toString('hex').slice(0, 80)}…>`
        : c.payload.length > 400
          ? `${JSON.stringify(c.payload.slice(0, 400))}… (${c.payload.length} chars)`
          : JSON.stringify(c.payload);
  const url = c.url.length > 400 ? `${c.url.slice(0, 400)}… (${c.url.length} chars)` : c.url;
  const headers = JSON.stringify(c.headers, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v,
  );
  return [
    `${c.caller} ${c.method} ${url}`,
    `  headers ${headers} csrf=${c.csrf}`,
    `  payload ${payload}`,
    `  odd: ${c.notes.join('; ') || '(nothing: a valid request)'}`,
  ].join('\n');
}
