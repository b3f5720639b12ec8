import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
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

/** Documents the JSON body with the schema the ZodPipe validates it with. */
export const ApiBodyFrom = (schema: z.ZodType): MethodDecorator =>
  applyDecorators(ApiBody({ schema: jsonSchemaOf(schema) }));
