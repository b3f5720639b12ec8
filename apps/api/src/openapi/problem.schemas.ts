import type {
  OpenAPIObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_JSON } from '@scb/platform';

/** RFC 9457 problem details as every error of the api answers them (extensions allowed). */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'RFC 9457 problem details. Extensions: `errors` (field errors), and the members error bodies carried before: `statusCode`, `message`, `error`, `reason`.',
  required: ['type', 'title', 'status', 'detail', 'statusCode', 'message'],
  properties: {
    type: { type: 'string', format: 'uri-reference', description: 'about:blank or a tag: URI' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
    statusCode: { type: 'integer', deprecated: true, description: 'same as status' },
    message: {
      description: 'before problem+json; kept for clients that read it',
      oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    error: { type: 'string' },
    reason: { type: 'string', description: 'a machine-readable code (see docs/security.md)' },
  },
};

const problemRef: ReferenceObject = { $ref: '#/components/schemas/Problem' };
export const problemResponse = (description: string): ResponseObject => ({
  description,
  content: { [PROBLEM_JSON]: { schema: problemRef } },
});

/**
 * The error responses an operation can give: 400 everywhere (unknown query parameters, NUL
 * characters, validation), 401/403 unless public, 404 when it addresses a resource, and any
 * other status (413, 409, 429, 5xx) under `default`. All are problem+json.
 */
export function errorResponses(path: string, isPublic: boolean): Record<string, ResponseObject> {
  return {
    '400': problemResponse('invalid request: field errors in `errors`'),
    ...(isPublic
      ? {}
      : {
          '401': problemResponse('missing, invalid or expired credentials'),
          '403': problemResponse('the caller’s role may not call this route'),
        }),
    ...(path.includes('{') ? { '404': problemResponse('no such resource') } : {}),
    default: problemResponse('any other error (409, 413, 429, 5xx)'),
  };
}

/** Adds Problem to the components. */
export function addProblemComponent(document: OpenAPIObject): void {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA },
  };
}
