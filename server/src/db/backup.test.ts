import { describe, expect, it } from 'vitest';
import { fileTime, pgDumpCommand, redactDatabaseUrl } from './backup.js';

describe('backup helpers', () => {
  it('names files by time without colons, in an order that sorts by time', () => {
    expect(fileTime(new Date('2026-12-02T05:46:04.123Z'))).toBe('2026-12-02T05-46-04Z');
    expect(fileTime(new Date('2026-12-02T05:46:05Z')) > fileTime(new Date('2026-12-02T05:46:04Z'))).toBe(
      true,
    );
  });

  it('never prints a PostgreSQL password', () => {
    expect(redactDatabaseUrl('postgres://app:s3cret@db.example:5432/slipstream')).toBe(
      'postgres://app:***@db.example:5432/slipstream',
    );
    expect(redactDatabaseUrl('not a url s3cret')).not.toContain('s3cret');
    const command = pgDumpCommand('postgres://app:s3cret@db.example/slipstream', 'slipstream.dump');
    expect(command).toBe(
      'pg_dump --format=custom --file="slipstream.dump" "postgres://app:***@db.example/slipstream"',
    );
  });
});
