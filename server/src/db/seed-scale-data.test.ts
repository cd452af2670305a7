import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateInstance, type SeedTable } from './seed-scale.js';
import {
  PowerLaw,
  SKILLS,
  STATUS_SHARES,
  drawSkills,
  drawStatus,
  isoDay,
  isoTime,
  mulberry32,
  permutation,
  scaleId,
} from './seed-scale-data.js';

async function collect(scale: number, seed: number) {
  const rows: [SeedTable, unknown[]][] = [];
  const counts = await generateInstance(
    { add: (t, r) => void rows.push([t, r]), maybeFlush: async () => {}, flush: async () => {} },
    { scale, seed, anchorDay: '2026-12-01', passwordHash: 'x' },
  );
  return { rows, counts };
}

const digest = (rows: unknown) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

describe('scale seed generators', () => {
  it('mulberry32 is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('the power law samples ranks with P(k) ∝ 1/(k+1)^s (Zipf at s = 1)', () => {
    const law = new PowerLaw(SKILLS.length, 1);
    const rng = mulberry32(1);
    const n = 200_000;
    const hits = new Int32Array(SKILLS.length);
    for (let i = 0; i < n; i++) hits[law.sample(rng)]!++;
    // Rank 1 is picked about twice as often as rank 2 and ten times as often as rank 10.
    expect(hits[0]! / hits[1]!).toBeGreaterThan(1.8);
    expect(hits[0]! / hits[1]!).toBeLessThan(2.2);
    expect(hits[0]! / hits[9]!).toBeGreaterThan(8.5);
    expect(hits[0]! / hits[9]!).toBeLessThan(11.5);
    expect(Math.abs(hits[0]! / n - law.p(0))).toBeLessThan(0.005);
    expect(hits.every((h) => h >= 0)).toBe(true);
  });

  it('offers about 400 distinct skills, all valid slugs', () => {
    expect(SKILLS.length).toBe(400);
    expect(new Set(SKILLS).size).toBe(400);
    for (const s of SKILLS) expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('draws 1–5 distinct skills', () => {
    const rng = mulberry32(3);
    const law = new PowerLaw(SKILLS.length, 1);
    for (let i = 0; i < 2000; i++) {
      const s = drawSkills(rng, law);
      expect(s.length).toBeGreaterThanOrEqual(1);
      expect(s.length).toBeLessThanOrEqual(5);
      expect(new Set(s).size).toBe(s.length);
    }
  });

  it('draws statuses in their shares (30 % open)', () => {
    const rng = mulberry32(5);
    const n = 100_000;
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const s = drawStatus(rng);
      seen.set(s, (seen.get(s) ?? 0) + 1);
    }
    for (const [status, share] of STATUS_SHARES) {
      expect(Math.abs((seen.get(status) ?? 0) / n - share)).toBeLessThan(0.01);
    }
  });

  it('a permutation holds every index once', () => {
    const p = permutation(mulberry32(9), 1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('ids have newId’s format, sort by time, and never collide', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => scaleId(1_700_000_000_000 + i * 1000, 2, i));
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(scaleId(5, 1, 1)).not.toBe(scaleId(5, 2, 1));
  });

  it('formats times exactly as Date#toISOString does', () => {
    const rng = mulberry32(11);
    for (let i = 0; i < 2000; i++) {
      const ms = Math.floor(1_600_000_000_000 + rng() * 300_000_000_000);
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      expect(isoDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });

  it('the same seed gives the same instance, another seed another one', async () => {
    const a = await collect(40, 1);
    const b = await collect(40, 1);
    const c = await collect(40, 2);
    expect(digest(b.rows)).toBe(digest(a.rows));
    expect(digest(c.rows)).not.toBe(digest(a.rows));
  });

  it('generates N members, 10·N postings, 30 % open, and one completed engagement per completed posting', async () => {
    const { rows, counts } = await collect(300, 4);
    expect(counts.members).toBe(300);
    expect(counts.overflow).toBe(3000);
    const overflow = rows.filter(([t]) => t === 'overflow').map(([, r]) => r);
    const status = (s: string) => overflow.filter((r) => r[9] === s).length / overflow.length;
    expect(status('open')).toBeGreaterThan(0.26);
    expect(status('open')).toBeLessThan(0.34);
    const completed = overflow.filter((r) => r[9] === 'completed').length;
    const engagements = rows.filter(([t]) => t === 'engagements').map(([, r]) => r);
    expect(engagements.filter((r) => r[5] === 'completed').length).toBe(completed);
    expect(counts.work_records).toBe(completed);
    const withDue = overflow.filter((r) => r[5] !== null).length / overflow.length;
    expect(withDue).toBeGreaterThan(0.58);
    expect(withDue).toBeLessThan(0.74);
    for (const r of overflow) expect(r[6]).toBe(r[5] ?? '9999-12-31');
    const vis = (v: string) => overflow.filter((r) => r[7] === v).length / overflow.length;
    expect(vis('members')).toBeGreaterThan(0.16);
    expect(vis('members')).toBeLessThan(0.24);
    expect(vis('ask')).toBeGreaterThan(0.01);
    expect(vis('ask')).toBeLessThan(0.06);
    // A power law of activity: the busiest helper did far more than the median one.
    const perHelper = new Map<unknown, number>();
    for (const r of engagements) perHelper.set(r[4], (perHelper.get(r[4]) ?? 0) + 1);
    const sorted = [...perHelper.values()].sort((x, y) => y - x);
    expect(sorted[0]!).toBeGreaterThan(5 * sorted[Math.floor(sorted.length / 2)]!);
  });
});
