import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import '../api.module';
import { consoleTypesModule, typeOf, type JsonSchema } from './console-types.generator';
import { declaredComponents } from './zod-openapi.decorators';

const GENERATED = join(__dirname, '../../../console/src/api-types.generated.ts');

/** Formatted as the repository formats it (prettier's CLI: its API needs ESM, which jest lacks). */
const prettier = (source: string): string =>
  execFileSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', GENERATED],
    { input: source, encoding: 'utf8' },
  );

describe('console types from the OpenAPI components', () => {
  it('prints the JSON Schema zod writes as TypeScript', () => {
    const schema: JsonSchema = {
      type: 'object',
      required: ['id', 'at', 'state', 'tags', 'work'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
        state: { type: 'string', enum: ['ok', 'atRisk'] },
        tags: { type: 'array', items: { type: 'string' } },
        work: { $ref: '#/components/schemas/WorkItem' },
        score: { type: ['number', 'null'], description: 'mean, -5..5' },
        'x-kind': { const: 'mention' },
        meta: { type: 'object', additionalProperties: { type: 'integer' } },
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
      },
    };
    expect(typeOf(schema).replace(/\s+/g, ' ')).toBe(
      '{ id: string; at: string | null; state: "ok" | "atRisk"; tags: Array<string>; work: WorkItem; ' +
        '/** mean, -5..5 */ score?: number | null; "x-kind"?: "mention"; ' +
        'meta?: { [key: string]: number; }; pair?: [string, number]; }',
    );
    expect(typeOf({})).toBe('unknown');
    expect(typeOf({ allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object' }] })).toBe(
      'A & Record<string, unknown>',
    );
  });

  it('apps/console/src/api-types.generated.ts is what the api documents now (npm run console:types)', async () => {
    const generated = prettier(consoleTypesModule(declaredComponents()));
    if (process.env.SCB_WRITE_CONSOLE_TYPES === '1') await writeFile(GENERATED, generated);
    expect(await readFile(GENERATED, 'utf8')).toBe(generated);
  });
});
