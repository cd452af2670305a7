import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportDocumentSchema, exportJsonSchema } from './export.schemas.js';

describe('the export document schema', () => {
  it('docs/export-schema.json is the JSON Schema of exportDocumentSchema (no drift)', () => {
    const committed = JSON.parse(readFileSync('docs/export-schema.json', 'utf8')) as unknown;
    expect(committed).toEqual(exportJsonSchema());
  });

  it('names every section the issue lists, each required', () => {
    const schema = exportJsonSchema() as { required: string[] };
    expect(schema.required).toEqual(
      expect.arrayContaining([
        'profile',
        'settings',
        'workRecords',
        'overflow',
        'offers',
        'engagements',
        'reviews',
        'ties',
        'ledger',
        'noticed',
        'thanks',
        'notifications',
        'sessions',
        'accessTokens',
        'auditEvents',
      ]),
    );
  });

  it('refuses a document of another format', () => {
    expect(exportDocumentSchema.safeParse({ format: 'something-else', version: 1 }).success).toBe(false);
  });
});
