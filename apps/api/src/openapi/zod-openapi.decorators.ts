import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import type {
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

/** The request side of a zod schema as JSON Schema: what the client may send. */
export function jsonSchemaOf(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      // Dates arrive as ISO-8601 strings (query strings and JSON alike).
      if (ctx.zodSchema._zod.def.type === 'date')
        Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  }) as SchemaObject & { $schema?: string };
  delete json.$schema;
  return json;
}

/**
 * Documents each field of a query schema as a query parameter, from the same schema the ZodPipe
 * validates with, so the documentation cannot drift from what is accepted.
 */
export function ApiQueryFrom(schema: z.ZodObject): MethodDecorator {
  const json = jsonSchemaOf(schema);
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: required.has(name), schema: property as SchemaObject }),
    ),
  );
}

/** Named component schemas the decorators declared; `setupOpenApi` puts them in the document. */
const components = new Map<string, SchemaObject>();
export const declaredComponents = (): Record<string, SchemaObject> =>
  Object.fromEntries(components);

/** Declares `schema` as `#/components/schemas/<name>` and returns the reference to it. */
export function component(name: string, schema: SchemaObject): ReferenceObject {
  components.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Documents the JSON body, as a named component, with the schema the ZodPipe validates it with. */
export const ApiBodyFrom = (schema: z.ZodType, name: string): MethodDecorator =>
  applyDecorators(ApiBody({ schema: component(name, jsonSchemaOf(schema)) }));

/**
 * Documents a 200 list answer: the common envelope (`items`, `total`, `limit`, `offset`) of
 * `item`s, plus the deprecated alias of `items` when the list had another key before.
 */
export function ApiListResponse(name: string, item: SchemaObject, alias?: string): MethodDecorator {
  const itemRef = component(`${name}Item`, item);
  const properties: Record<string, SchemaObject | ReferenceObject> = {
    items: { type: 'array', items: itemRef },
    total: { type: 'integer', minimum: 0, description: 'how many match in all' },
    limit: { type: 'integer', minimum: 0, description: 'the page size asked for' },
    offset: { type: 'integer', minimum: 0, description: 'how many were skipped' },
  };
  if (alias)
    properties[alias] = {
      type: 'array',
      items: itemRef,
      deprecated: true,
      description: 'the same array as `items`, under the key this list had before',
    };
  return applyDecorators(
    ApiOkResponse({
      description: `a page of ${name}`,
      schema: component(name, {
        type: 'object',
        required: ['items', 'total', 'limit', 'offset', ...(alias ? [alias] : [])],
        properties,
        additionalProperties: false,
      }),
    }),
  );
}
