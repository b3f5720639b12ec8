/**
 * A mention as a listening tool posts it to the generic webhook (`POST /v1/webhooks/mentions`):
 * platform `other`, post `id`, written by `author-<id>` at a fixed time.
 */
export const genericWebhookMention = (id: string, text = '@Brand hello') => ({
  platform: 'other',
  externalId: id,
  authorId: `author-${id}`,
  text,
  createdAt: '2026-01-01T10:00:00Z',
});
