import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19, Zendesk webhooks: `crm_connectors.webhook_secret` holds the signing secret of the
 * connector's Zendesk webhook (AES-256-GCM ciphertext, like `credentials`; null: no webhook).
 * A signed call only wakes the connector's sync; the change cursor stays the source of truth.
 */
export class CrmZendeskWebhooks1767710000000 implements MigrationInterface {
  name = 'CrmZendeskWebhooks1767710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm_connectors ADD COLUMN webhook_secret text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm_connectors DROP COLUMN webhook_secret`);
  }
}
