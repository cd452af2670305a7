// JSON Schema (the subset the OpenAPI document uses) → a fast-check arbitrary of values that satisfy it.
// Pure logic, no app or database: unit-tested in schema-arbitrary.sqlite.test.ts, used by api.fuzz.test.ts.
//
// Supported: $ref (through `resolve`), const, enum, type (one or a list), nullable, anyOf / oneOf (one
// branch), allOf (merged), string (minLength, maxLength, pattern, formats uuid / date-time / date / email /
// uri), integer and number (minimum, maximum, exclusive bounds, multipleOf), boolean, null, array (items,
// minItems, maxItems, uniqueItems), object (properties, required, additionalProperties). A schema with no
// type is any JSON value. Long strings are generated at most `maxStringLength` long (a schema's minLength
// still wins): the mutations (mutations.ts) send the really long ones.
import fc from 'fast-check';

export type JsonSchema = { [key: string]: unknown };

export interface SchemaArbitraryOptions {
  /** Looks up a `$ref` (e.g. `#/components/schemas/NewOverflowInput`). */
  resolve?: (ref: string) => JsonSchema | undefined;
  /** The longest string generated where the schema allows longer (default 80). */
  maxStringLength?: number;
  /** The longest array generated where the schema allows longer (default 5). */
  maxArrayLength?: number;
  /** `$ref` / nesting depth after which a schema becomes a constant null (default 8). */
  maxDepth?: number;
}

const DEFAULTS = { maxStringLength: 80, maxArrayLength: 5, maxDepth: 8 };

/** Refs into `#/components/schemas/…` of an OpenAPI document. */
export function componentResolver(document: { components?: { schemas?: Record<string, unknown> } }) {
  return (ref: string): JsonSchema | undefined => {
    const prefix = '#/components/schemas/';
    if (!ref.startsWith(prefix)) return undefined;
    return document.components?.schemas?.[ref.slice(prefix.length)] as JsonSchema | undefined;
  };
}

/** Follows `$ref`s until a schema without one (or undefined when a ref does not resolve). */
export function deref(schema: JsonSchema, resolve?: (ref: string) => JsonSchema | undefined): JsonSchema {
  let current: JsonSchema | undefined = schema;
  for (let i = 0; i < 16 && current && typeof current.$ref === 'string'; i += 1) {
    current = resolve?.(current.$ref);
  }
  if (!current || typeof current.$ref === 'string') throw new Error(`unresolved $ref ${String(schema.$ref)}`);
  return current;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function schemaTypes(schema: JsonSchema): string[] | undefined {
  const t = schema.type;
  const list = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : undefined;
  if (list && schema.nullable === true && !list.includes('null')) return [...list, 'null'];
  return list;
}

/** allOf's branches merged into one schema (properties and required combined, later keywords win). */
function mergeAllOf(schema: JsonSchema, resolve: SchemaArbitraryOptions['resolve']): JsonSchema {
  const { allOf, ...rest } = schema;
  let merged: JsonSchema = { ...rest };
  for (const part of allOf as JsonSchema[]) {
    const p = deref(part, resolve);
    merged = {
      ...merged,
      ...p,
      properties: { ...(merged.properties as object), ...(p.properties as object) },
      required: [...((merged.required as string[]) ?? []), ...((p.required as string[]) ?? [])],
    };
  }
  return merged;
}

const DOMAINS = ['example.org', 'example.com', 'mail.example.net'];
const ISO_MIN = new Date('1970-01-01T00:00:00.000Z');
const ISO_MAX = new Date('2100-12-31T23:59:59.999Z');

function lengthOk(min: number, max: number) {
  return (s: string) => s.length >= min && s.length <= max;
}

function stringArbitrary(schema: JsonSchema, o: Required<Omit<SchemaArbitraryOptions, 'resolve'>>) {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = num(schema.maxLength) ?? Number.MAX_SAFE_INTEGER;
  const genMax = Math.max(minLength, Math.min(maxLength, o.maxStringLength));
  const fits = lengthOk(minLength, maxLength);
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
  let regex: RegExp | undefined;
  if (pattern !== undefined) {
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      regex = undefined;
    }
  }
  const matches = (s: string) => fits(s) && (regex === undefined || regex.test(s));

  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: ISO_MIN, max: ISO_MAX, noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: ISO_MIN, max: ISO_MAX, noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email': {
      const local = fc
        .stringMatching(/^[a-z0-9][a-z0-9._+-]{0,18}[a-z0-9]$/)
        .filter((s) => !s.includes('..'));
      return fc
        .tuple(local, fc.constantFrom(...DOMAINS))
        .map(([l, d]) => `${l}@${d}`)
        .filter(matches);
    }
    case 'uri':
    case 'url':
      return fc.webUrl({ size: 'small' }).filter(matches);
    default:
      break;
  }
  if (regex !== undefined) {
    try {
      // fast-check reads the regex's syntax; a feature it does not know (a lookahead) throws here.
      const generated = fc.stringMatching(regex, { size: 'small' });
      return generated.filter(matches);
    } catch {
      // fall through to a plain string of the right length
    }
  }
  // Lengths count UTF-16 code units (as zod and JSON.stringify do), graphemes may be longer: cut to fit.
  return fc
    .string({ minLength, maxLength: genMax, unit: 'grapheme' })
    .map((text) => fitLength(text, minLength, maxLength));
}

/** Cuts whole code points off the end until the string fits, then pads with `a` to the minimum. */
export function fitLength(text: string, minLength: number, maxLength: number): string {
  let out = text;
  if (out.length > maxLength) {
    const points = Array.from(out);
    while (points.join('').length > maxLength) points.pop();
    out = points.join('');
  }
  return out.length < minLength ? out + 'a'.repeat(minLength - out.length) : out;
}

function integerArbitrary(schema: JsonSchema) {
  let min = num(schema.minimum) ?? -(2 ** 31);
  let max = num(schema.maximum) ?? 2 ** 31 - 1;
  const exMin = num(schema.exclusiveMinimum);
  const exMax = num(schema.exclusiveMaximum);
  if (exMin !== undefined) min = Math.max(min, Math.floor(exMin) + 1);
  if (exMax !== undefined) max = Math.min(max, Math.ceil(exMax) - 1);
  min = Math.ceil(min);
  max = Math.floor(max);
  const step = num(schema.multipleOf);
  if (step !== undefined && Number.isInteger(step) && step > 0) {
    const lo = Math.ceil(min / step);
    const hi = Math.floor(max / step);
    return fc.integer({ min: lo, max: hi }).map((k) => k * step);
  }
  return fc.integer({ min, max });
}

function numberArbitrary(schema: JsonSchema) {
  const min = num(schema.minimum) ?? num(schema.exclusiveMinimum) ?? -1e9;
  const max = num(schema.maximum) ?? num(schema.exclusiveMaximum) ?? 1e9;
  const exMin = num(schema.exclusiveMinimum);
  const exMax = num(schema.exclusiveMaximum);
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .filter((v) => (exMin === undefined || v > exMin) && (exMax === undefined || v < exMax))
    .map((v) => (Object.is(v, -0) ? 0 : v));
}

/** An arbitrary of values that satisfy `schema`. */
export function arbitraryFromSchema(
  schema: JsonSchema,
  options: SchemaArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const o = { ...DEFAULTS, ...options };
  const { resolve } = options;

  const build = (raw: JsonSchema, depth: number): fc.Arbitrary<unknown> => {
    if (depth > o.maxDepth) return fc.constant(null);
    let s = deref(raw, resolve);
    if (Array.isArray(s.allOf)) s = mergeAllOf(s, resolve);
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) {
      const values = s.enum as unknown[];
      return values.length > 0 ? fc.constantFrom(...values) : fc.constant(null);
    }
    const branches = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      const { oneOf: _one, anyOf: _any, ...base } = s;
      // Keywords beside the branches apply to each branch.
      return fc.oneof(...branches.map((b) => build({ ...base, ...deref(b, resolve) }, depth + 1)));
    }
    const types = schemaTypes(s);
    if (types === undefined) {
      if (s.properties !== undefined) return build({ ...s, type: 'object' }, depth);
      if (s.items !== undefined) return build({ ...s, type: 'array' }, depth);
      return fc.jsonValue({ maxDepth: 2 });
    }
    if (types.length > 1) {
      const { nullable: _nullable, ...one } = s;
      return fc.oneof(...types.map((type) => build({ ...one, type }, depth)));
    }
    switch (types[0]) {
      case 'string':
        return stringArbitrary(s, o);
      case 'integer':
        return integerArbitrary(s);
      case 'number':
        return numberArbitrary(s);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const item = s.items ? build(s.items as JsonSchema, depth + 1) : fc.jsonValue({ maxDepth: 1 });
        const minLength = num(s.minItems) ?? 0;
        const maxLength = Math.max(
          minLength,
          Math.min(num(s.maxItems) ?? o.maxArrayLength, o.maxArrayLength),
        );
        return s.uniqueItems === true
          ? fc.uniqueArray(item, { minLength, maxLength, comparator: 'SameValueZero' })
          : fc.array(item, { minLength, maxLength });
      }
      case 'object': {
        const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
        const required = ((s.required as string[] | undefined) ?? []).filter((k) => k in properties);
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, sub] of Object.entries(properties)) model[key] = build(sub, depth + 1);
        const record = fc.record(model, { requiredKeys: required });
        const extra = s.additionalProperties;
        if (extra === undefined || extra === false || Object.keys(properties).length > 0) return record;
        const value = extra === true ? fc.jsonValue({ maxDepth: 1 }) : build(extra as JsonSchema, depth + 1);
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: 4 });
      }
      default:
        return fc.jsonValue({ maxDepth: 1 });
    }
  };

  return build(schema, 0);
}
