/**
 * Pure generators for the scale seed (`npm run cli -- seed --scale N`): a seeded PRNG, Zipf and power-law
 * samplers, deterministic ids, the skill vocabulary and the text of titles and briefs. No I/O and no global
 * randomness, so the same seed gives the same instance byte for byte (see seed-scale.ts for the loader).
 */

/** mulberry32: a small, fast 32-bit PRNG; good enough for synthetic data, never for secrets. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

export const randInt = (rng: Rng, min: number, max: number): number =>
  min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/**
 * Samples ranks 0..n-1 with P(k) ∝ 1 / (k+1)^s by binary search over the cumulative weights: Zipf for
 * skills (s = 1), a power law of activity for members (s < 1 keeps the busiest member plausible).
 */
export class PowerLaw {
  private readonly cdf: Float64Array;
  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      total += 1 / Math.pow(k + 1, s);
      this.cdf[k] = total;
    }
    for (let k = 0; k < n; k++) this.cdf[k]! /= total;
  }
  sample(rng: Rng): number {
    const u = rng();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  /** The probability of rank k. */
  p(k: number): number {
    return this.cdf[k]! - (k > 0 ? this.cdf[k - 1]! : 0);
  }
}

/** A deterministic permutation of 0..n-1 (Fisher–Yates on the given PRNG). */
export function permutation(rng: Rng, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- ids

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // the same Crockford base32 as shared/ids.ts

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * An id in newId's format (48-bit milliseconds + 80 bits, 26 characters) whose 80 bits are a table tag and a
 * counter instead of randomness: time-ordered like real ids, unique by construction, and deterministic.
 */
export function scaleId(timeMs: number, tag: number, counter: number): string {
  const bytes = new Uint8Array(16);
  let t = timeMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes[6] = 0x5c; // marks seeded data
  bytes[7] = tag & 0xff;
  let c = counter;
  for (let i = 15; i >= 8; i--) {
    bytes[i] = c % 256;
    c = Math.floor(c / 256);
  }
  return base32(bytes);
}

// ---------------------------------------------------------------------------------------------- skills

const REAL_SKILLS = [
  'typescript',
  'javascript',
  'react',
  'python',
  'sql',
  'postgresql',
  'node',
  'design',
  'copywriting',
  'go',
  'rust',
  'java',
  'kotlin',
  'swift',
  'docker',
  'kubernetes',
  'terraform',
  'aws',
  'gcp',
  'azure',
  'figma',
  'ux-research',
  'accessibility',
  'css',
  'html',
  'vue',
  'svelte',
  'angular',
  'graphql',
  'rest-api',
  'testing',
  'playwright',
  'security',
  'devops',
  'linux',
  'bash',
  'data-analysis',
  'machine-learning',
  'statistics',
  'excel',
  'product-management',
  'project-management',
  'marketing',
  'seo',
  'editing',
  'translation',
  'illustration',
  'video-editing',
  'photography',
  'sqlite',
  'redis',
  'kafka',
  'spark',
  'airflow',
  'dbt',
  'pandas',
  'numpy',
  'pytorch',
  'tensorflow',
  'php',
  'laravel',
  'ruby',
  'rails',
  'django',
  'flask',
  'fastapi',
  'spring',
  'csharp',
  'dotnet',
  'cplusplus',
  'c',
  'elixir',
  'erlang',
  'haskell',
  'scala',
  'clojure',
  'ios',
  'android',
  'flutter',
  'react-native',
  'electron',
  'webgl',
  'threejs',
  'd3',
  'tailwind',
  'sass',
  'webpack',
  'vite',
  'nginx',
  'observability',
  'prometheus',
  'grafana',
  'elasticsearch',
  'mongodb',
  'mysql',
  'oauth',
  'payments',
  'stripe',
  'legal-review',
  'bookkeeping',
  'recruiting',
  'technical-writing',
  'public-speaking',
  'community',
  'customer-support',
];
const DOMAINS = [
  'billing',
  'search',
  'onboarding',
  'analytics',
  'mobile',
  'infra',
  'growth',
  'content',
  'identity',
  'logistics',
  'health',
  'finance',
  'retail',
  'education',
  'media',
  'energy',
  'travel',
  'gaming',
];
const AREAS = [
  'api',
  'migration',
  'dashboards',
  'pipelines',
  'audit',
  'automation',
  'integration',
  'reporting',
  'performance',
  'modelling',
  'localisation',
  'support',
  'compliance',
  'research',
  'strategy',
  'ops',
  'qa',
  'design',
];

/** About 400 skill slugs, most common first (the Zipf rank is the position). */
export const SKILLS: readonly string[] = (() => {
  const out = [...REAL_SKILLS];
  for (const d of DOMAINS) for (const a of AREAS) if (out.length < 400) out.push(`${d}-${a}`);
  return out;
})();

// ---------------------------------------------------------------------------------------------- text

const WORDS = (
  'team release customer report service feature data page review plan change update support system ' +
  'design process user account platform workflow tool project document draft launch issue budget ' +
  'schedule partner market model query index cache queue stream export import dashboard metric alert ' +
  'invoice payment contract policy guide tutorial checklist template script module component layout ' +
  'screen form table chart summary proposal estimate backlog sprint roadmap milestone handover audit ' +
  'migration schema endpoint webhook token session cookie archive backup restore deploy rollback test ' +
  'fixture benchmark profile trace log error warning retry timeout limit quota region cluster node ' +
  'worker job task batch pipeline notebook experiment survey interview persona journey funnel cohort ' +
  'newsletter campaign landing article podcast video thumbnail banner logo palette typography icon ' +
  'glossary translation subtitle caption transcript outline storyboard wireframe prototype mockup'
).split(' ');
const VERBS = [
  'Review',
  'Write',
  'Fix',
  'Design',
  'Migrate',
  'Audit',
  'Speed up',
  'Document',
  'Test',
  'Refactor',
  'Build',
  'Translate',
  'Edit',
  'Plan',
  'Untangle',
  'Measure',
  'Polish',
  'Set up',
  'Automate',
  'Rework',
];
const FILLER = (
  'the a our this that for with and to of in on by from before after during across every each some ' +
  'we need help would like want is are be can should will must it its their your small clear quick'
).split(' ');

/** Search benchmark terms the text generator plants (bench/run.ts reads them). */
export const SEARCH_TERMS = {
  /** In about 10 postings whatever the scale. */
  rare: 'quillwort',
  /** A two-word phrase in about 2 % of briefs. */
  phrase: 'release checklist',
  /** The most common content word. */
  common: WORDS[0]!,
} as const;

const wordLaw = new PowerLaw(WORDS.length, 1.05);
const word = (rng: Rng) => WORDS[wordLaw.sample(rng)]!;

function freshSentence(rng: Rng): string {
  const n = randInt(rng, 7, 14);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(rng() < 0.45 ? pick(rng, FILLER) : word(rng));
  const s = parts.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Sentences are drawn from a fixed pool (built once from its own constant seed, so it is the same for every
 * run): composing each word afresh cost ~75 µs a posting, minutes at a million. Word frequencies still follow
 * the Zipf law over the whole corpus, which is what search cares about.
 */
let pool: string[] | undefined;
function sentence(rng: Rng, skills: readonly string[]): string {
  if (!pool) {
    const poolRng = mulberry32(0x5eed);
    pool = Array.from({ length: 8192 }, () => freshSentence(poolRng));
  }
  const s = pool[Math.floor(rng() * pool.length)]!;
  return skills.length > 0 && rng() < 0.35 ? `${s} with ${pick(rng, skills)}.` : `${s}.`;
}

export function title(rng: Rng, skills: readonly string[]): string {
  const w = word(rng);
  const skill = skills[0] ?? word(rng);
  return `${pick(rng, VERBS)} the ${w} ${pick(rng, ['for', 'in', 'with', 'behind'])} our ${skill} ${word(rng)}`.slice(
    0,
    120,
  );
}

/** A Markdown brief of roughly 300–700 characters. `rare` plants the rare search term. */
export function brief(rng: Rng, skills: readonly string[], opts: { rare: boolean; phrase: boolean }): string {
  const lines = [`## Context`, '', `${sentence(rng, skills)} ${sentence(rng, skills)}`];
  if (opts.phrase) lines.push('', `We keep a ${SEARCH_TERMS.phrase} for this; it needs one more pass.`);
  lines.push('', '## What done looks like', '');
  const items = randInt(rng, 2, 4);
  for (let i = 0; i < items; i++) lines.push(`- ${sentence(rng, skills)}`);
  if (opts.rare) lines.push('', `Bonus: the ${SEARCH_TERMS.rare} notes from last year are attached.`);
  lines.push('', `**Why it matters:** ${sentence(rng, skills)}`);
  return lines.join('\n');
}

export function paragraph(rng: Rng, skills: readonly string[], sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(rng, skills)).join(' ');
}

const FIRST = (
  'Ada Alan Grace Linus Margaret Ken Barbara Dennis Frances Edsger Radia Tim Katherine Guido Anita Yukihiro ' +
  'Sophie Bjarne Hedy Donald Joan Vint Lynn Niklaus Shafi Leslie Fran Jean Mary Ivan Karen Rasmus Evelyn ' +
  'Tomas Priya Chen Amara Kofi Lucia Mateo Noor Sven Ingrid Hiro Aiko Omar Leila Diego Zara Femi'
).split(' ');
const LAST = (
  'Lovelace Turing Hopper Torvalds Hamilton Thompson Liskov Ritchie Allen Dijkstra Perlman Berners Johnson ' +
  'Rossum Borg Matsumoto Wilson Stroustrup Lamarr Knuth Clarke Cerf Conway Wirth Goldwasser Lamport Bilas ' +
  'Sammet Jackson Sutherland Jones Lerdorf Boyd Novak Raman Wei Okafor Mensah Rossi Garcia Haddad Berg ' +
  'Larsen Tanaka Sato Farouk Haddadi Romero Mbeki Adeyemi'
).split(' ');

export const personName = (rng: Rng) => `${pick(rng, FIRST)} ${pick(rng, LAST)}`;

export const TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Madrid',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Australia/Sydney',
  'Africa/Lagos',
  'Africa/Nairobi',
] as const;

const HEADLINE_ROLES = [
  'engineer',
  'designer',
  'writer',
  'analyst',
  'consultant',
  'developer',
  'researcher',
  'editor',
  'product manager',
  'data scientist',
];
export function headline(rng: Rng, skills: readonly string[]): string {
  const lead = skills[0] ?? 'generalist';
  return `${pick(rng, ['Freelance', 'Senior', 'Staff', 'Independent', 'Part-time', 'Lead'])} ${lead} ${pick(rng, HEADLINE_ROLES)}`;
}

// ---------------------------------------------------------------------------------------------- proportions

/** Overflow statuses and their shares (30 % open; the rest closed in proportions a live instance might show). */
export const STATUS_SHARES = [
  ['open', 0.3],
  ['assigned', 0.03],
  ['delivered', 0.02],
  ['completed', 0.55],
  ['cancelled', 0.06],
  ['expired', 0.04],
] as const;

export type SeedStatus = (typeof STATUS_SHARES)[number][0];

export function drawStatus(rng: Rng): SeedStatus {
  let u = rng();
  for (const [s, p] of STATUS_SHARES) {
    if (u < p) return s;
    u -= p;
  }
  return 'completed';
}

export function drawVisibility(rng: Rng): 'public' | 'members' | 'ask' {
  const u = rng();
  return u < 0.77 ? 'public' : u < 0.97 ? 'members' : 'ask';
}

/** 1–5 distinct skills, Zipf over SKILLS. */
export function drawSkills(rng: Rng, law: PowerLaw, min = 1, max = 5): string[] {
  const want = randInt(rng, min, max);
  const out: string[] = [];
  for (let tries = 0; out.length < want && tries < want * 8; tries++) {
    const s = SKILLS[law.sample(rng)]!;
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

export const DAY_MS = 86_400_000;
// Date#toISOString was most of the generator's time (~15 calls a posting): the day's prefix is cached and the
// time of day formatted by hand. Same output for whole milliseconds from 1970 on.
const dayPrefixes = new Map<number, string>();
function dayPrefix(day: number): string {
  let p = dayPrefixes.get(day);
  if (p === undefined) {
    p = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, p);
  }
  return p;
}
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

export function isoDay(ms: number): string {
  return dayPrefix(Math.floor(ms / DAY_MS)).slice(0, 10);
}

export function isoTime(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let r = t - day * DAY_MS;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  return `${dayPrefix(day)}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${pad3(r - sec * 1000)}Z`;
}
