/**
 * TypeScript types from the OpenAPI document's component schemas (JSON Schema 2020-12 as zod
 * writes it), for the web console: apps/console/src/api-types.generated.ts is this output, and
 * console-types.spec.ts fails when the two drift. No generator (openapi-typescript,
 * json-schema-to-typescript) is installed, so this prints the subset zod emits: objects with
 * required and optional properties, records, arrays and tuples, enums and constants, unions
 * (anyOf/oneOf, type lists) and intersections (allOf), `$ref`s to other components.
 */

/** The parts of a JSON Schema this printer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  deprecated?: boolean;
  /** Read by validators only: a `date-time` or `uuid` is a string to TypeScript. */
  format?: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const PRIMITIVES: Record<string, string> = {
  string: 'string',
  number: 'number',
  integer: 'number',
  boolean: 'boolean',
  null: 'null',
};

/** `schema` as a TypeScript type expression; `$ref`s name the component they point at. */
export function typeOf(schema: JsonSchema | boolean | undefined): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (schema.$ref) return schema.$ref.replace(/^#\/components\/schemas\//, '');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return union(schema.enum.map((v) => JSON.stringify(v)));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return union(alternatives.map(typeOf));
  if (schema.allOf) return schema.allOf.map((s) => wrap(typeOf(s))).join(' & ');
  if (Array.isArray(schema.type))
    return union(schema.type.map((type) => typeOf({ ...schema, type })));
  switch (schema.type) {
    case 'object':
      return objectType(schema);
    case 'array':
      if (schema.prefixItems)
        return `[${schema.prefixItems.map(typeOf).join(', ')}${schema.items ? `, ...${wrap(typeOf(schema.items))}[]` : ''}]`;
      return `Array<${typeOf(schema.items === false ? undefined : schema.items)}>`;
    case undefined:
      return schema.properties ? objectType(schema) : 'unknown';
    default:
      return PRIMITIVES[schema.type] ?? 'unknown';
  }
}

function objectType(schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    const doc = [property.description, property.deprecated ? '@deprecated' : undefined]
      .filter(Boolean)
      .join(' ');
    const comment = doc ? `/** ${doc.replace(/\*\//g, '* /')} */\n` : '';
    return `${comment}${key}${required.has(name) ? '' : '?'}: ${typeOf(property)};`;
  });
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false && typeof extra === 'object')
    lines.push(`[key: string]: ${typeOf(extra)};`);
  if (lines.length === 0)
    return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n}`;
}

const union = (types: string[]): string => [...new Set(types)].map(wrap).join(' | ') || 'never';
const wrap = (type: string): string => (/^[\w$<>[\]., "']+$/.test(type) ? type : `(${type})`);

/**
 * The module the console imports: one exported type per component, in name order, under a
 * header saying where it came from and how to make it again.
 */
export function consoleTypesModule(components: Record<string, JsonSchema>): string {
  const body = Object.keys(components)
    .sort()
    .map((name) => {
      const doc = components[name].description;
      return `${doc ? `/** ${doc} */\n` : ''}export type ${name} = ${typeOf(components[name])};\n`;
    });
  return [
    '// Generated from the API’s OpenAPI component schemas (GET /docs-json) by',
    '// apps/api/src/openapi/console-types.generator.ts. Do not edit: `npm run console:types`',
    '// writes it again; apps/api/src/openapi/console-types.spec.ts fails when it drifts.',
    '',
    ...body,
  ].join('\n');
}
