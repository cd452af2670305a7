import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.js';

describe('loadConfig', () => {
  it('has safe one-machine defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database.dialect).toBe('sqlite');
    expect(c.database.dialect === 'sqlite' && c.database.file.endsWith('data/slipstream.db')).toBe(true);
    expect(c.outboxDir.endsWith('data/outbox')).toBe(true);
    expect(c.demo).toBe(true);
    expect(c.https).toBe(false);
    expect(c.publicUrl).toBe('http://localhost:3000');
  });

  it('switches to PostgreSQL with DATABASE_URL and never seeds it with demo data', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db', DEMO: 'on' });
    expect(c.database).toEqual({ dialect: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(c.demo).toBe(false);
  });

  it('treats an https PUBLIC_URL as HTTPS and strips trailing slashes', () => {
    const c = loadConfig({ PUBLIC_URL: 'https://slip.example.org/' });
    expect(c.https).toBe(true);
    expect(c.publicUrl).toBe('https://slip.example.org');
  });

  it('serves /metrics only with a METRICS_TOKEN of at least 16 characters', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(32) }).metricsToken).toBe('a'.repeat(32));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('takes DATABASE_POOL_SIZE as a whole number of connections, 10 by default', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
    for (const bad of ['0', '-1', '2.5', 'ten', '501'])
      expect(() => loadConfig({ DATABASE_POOL_SIZE: bad })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it('ignores empty values', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', DEMO: 'maybe' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'DEMO']) expect(problems).toContain(key);
    }
  });
});

describe('TRUST_PROXY', () => {
  it.each([
    ['false', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8,127.0.0.1', '10.0.0.0/8,127.0.0.1'],
  ] as const)('%j → %j', (raw, parsed) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(parsed);
  });
});

describe('REDIS_URL', () => {
  it('is off by default, with the default key prefix', () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBeUndefined();
    expect(c.redisPrefix).toBe('slipstream:');
  });

  it('takes redis:// and rediss:// URLs and a key prefix', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.example.org' }).redisUrl).toBe(
      'rediss://:pw@cache.example.org',
    );
    expect(loadConfig({ REDIS_PREFIX: 'slip-2:' }).redisPrefix).toBe('slip-2:');
  });

  it('refuses other schemes and odd prefixes without echoing the value', () => {
    for (const bad of ['http://secret-host:6379', 'redis:/secret-x', 'secret-host:6379', 'redis:///secret']) {
      try {
        loadConfig({ REDIS_URL: bad });
        expect.unreachable();
      } catch (e) {
        const problems = (e as ConfigError).problems.join('\n');
        expect(problems).toContain('REDIS_URL');
        expect(problems).not.toContain(bad);
      }
    }
    expect(() => loadConfig({ REDIS_PREFIX: 'has space' })).toThrow(/REDIS_PREFIX/);
  });
});
