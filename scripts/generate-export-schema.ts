/**
 * Writes docs/export-schema.json, the JSON Schema of the member export, from its zod schema
 * (server/src/modules/account/export.schemas.ts, `exportDocumentSchema`: the contract). With --check, fails
 * when the committed file differs from what the code produces (drift).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as prettier from 'prettier';
import { exportJsonSchema } from '../server/src/modules/account/export.schemas.js';

const FILE = 'docs/export-schema.json';
const check = process.argv.includes('--check');
const config = (await prettier.resolveConfig(FILE)) ?? {};
const json = await prettier.format(JSON.stringify(exportJsonSchema()), { ...config, parser: 'json' });
if (check) {
  if (!existsSync(FILE) || readFileSync(FILE, 'utf8') !== json) {
    console.error(`${FILE} is out of date: run \`node --import tsx scripts/generate-export-schema.ts\`.`);
    process.exit(1);
  }
} else {
  writeFileSync(FILE, json);
  console.log(`wrote ${FILE}`);
}
