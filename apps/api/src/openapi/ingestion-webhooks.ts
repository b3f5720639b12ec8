import type { OpenAPIObject } from '@nestjs/swagger';
import { SocialMentionSchema } from '@scb/contracts';
import { jsonSchemaOf, component } from './zod-openapi.decorators';
import { problemResponse } from './problem.schemas';

type PathItem = OpenAPIObject['paths'][string];

const signature = (name: string, description: string) => ({
  name,
  in: 'header' as const,
  required: true,
  description,
  schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
});

/**
 * The ingestion service's HTTP endpoints (its own port, not the api's), documented in the api's
 * document as OpenAPI 3.1 `webhooks`: requests other systems send us. Formats: the generic
 * webhook takes the SocialMention contract; Meta's body is Meta's Graph API webhook format
 * (developers.facebook.com/docs/graph-api/webhooks), signed with the app secret.
 */
export function ingestionWebhooks(): Record<string, PathItem> {
  const mention = component('SocialMentionInput', jsonSchemaOf(SocialMentionSchema));
  return {
    genericMentions: {
      post: {
        summary: 'POST /v1/webhooks/mentions on ingestion: mentions from third-party tools',
        operationId: 'ingestionGenericWebhook',
        parameters: [
          signature('X-SCB-Signature', 'HMAC-SHA256 of the raw body with WEBHOOK_SECRET'),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { oneOf: [mention, { type: 'array', items: mention, minItems: 1 }] },
            },
          },
        },
        responses: {
          '202': {
            description: 'every item published (or a duplicate within the dedup window)',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['accepted', 'rejected', 'duplicates', 'results'],
                  properties: {
                    accepted: { type: 'integer' },
                    rejected: { type: 'integer' },
                    duplicates: { type: 'integer' },
                    results: { type: 'array', items: { type: 'object' } },
                  },
                },
              },
            },
          },
          '400': problemResponse(
            'malformed body (not UTF-8, not JSON, no mention) or some items rejected: `results` lists each item; the valid ones were published',
          ),
          '401': problemResponse('missing or wrong signature'),
          '413': problemResponse('body larger than WEBHOOK_MAX_BYTES'),
          '503': problemResponse('webhook disabled (no secret) or Kafka unavailable: retry'),
        },
      },
    },
    metaDeliveries: {
      post: {
        summary: 'POST /v1/webhooks/meta on ingestion: Facebook Page and Instagram deliveries',
        operationId: 'ingestionMetaWebhook',
        parameters: [
          signature('X-Hub-Signature-256', 'HMAC-SHA256 of the raw body with META_APP_SECRET'),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', required: ['object', 'entry'] } },
          },
        },
        responses: {
          '200': {
            description:
              'Kafka has the mentions; unreadable events were dead-lettered with a reason',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['accepted', 'ignored', 'rejected', 'duplicates'],
                  properties: {
                    accepted: { type: 'integer' },
                    ignored: { type: 'integer' },
                    rejected: { type: 'integer' },
                    duplicates: { type: 'integer' },
                  },
                },
              },
            },
          },
          '400': problemResponse('not a Meta delivery (malformed, not UTF-8)'),
          '401': problemResponse('missing or wrong signature'),
          '503': problemResponse(
            'webhook disabled (no app secret) or Kafka unavailable: Meta retries',
          ),
        },
      },
    },
    metaVerification: {
      get: {
        summary: 'GET /v1/webhooks/meta on ingestion: Meta’s subscription handshake',
        operationId: 'ingestionMetaVerify',
        parameters: ['hub.mode', 'hub.verify_token', 'hub.challenge'].map((name) => ({
          name,
          in: 'query' as const,
          required: true,
          schema: { type: 'string' },
        })),
        responses: {
          '200': {
            description: 'the challenge',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          '403': problemResponse('wrong verify token'),
          '503': problemResponse('handshake disabled (no META_VERIFY_TOKEN)'),
        },
      },
    },
  };
}
