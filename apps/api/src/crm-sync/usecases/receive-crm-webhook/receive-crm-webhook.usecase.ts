import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { verifyZendeskWebhook } from '@scb/crm';
import { CrmConnectorRepository } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { ApiSettings } from '../../../config/api-settings';
import { webhookSecretContext } from '../../credential.cipher';
import { CrmConnectorPool } from '../../crm-connector.pool';
import { CrmSyncScheduler } from '../../crm-sync.scheduler';
import type {
  ReceiveCrmWebhookCommand,
  ReceiveCrmWebhookResult,
} from './receive-crm-webhook.command';

const WINDOW_MS = 60_000;
/** Windows kept before expired ones are dropped (names come from the public path). */
const MAX_WINDOWS = 1_000;

/**
 * A Zendesk webhook call for a connector: limited per connector (fixed one-minute windows, in
 * this process), then checked against the connector's signing secret (HMAC-SHA256 over timestamp
 * + raw body, timestamp within `CRM_WEBHOOK_TOLERANCE_S`); a good call wakes the sync scheduler.
 * The call's content is not read: the incremental export from the stored cursor stays the
 * source of truth, so a forged, replayed or repeated call could at worst cause an early pass,
 * and a lost one only waits for the next interval.
 */
@Injectable()
export class ReceiveCrmWebhook {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    @Inject(CrmConnectorRepository)
    private readonly repo: Pick<CrmConnectorRepository, 'findConnector'>,
    @Inject(CrmConnectorPool) private readonly pool: Pick<CrmConnectorPool, 'cipher'>,
    @Inject(CrmSyncScheduler) private readonly scheduler: Pick<CrmSyncScheduler, 'wake'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ApiSettings)
    private readonly settings: Pick<
      ApiSettings,
      'CRM_WEBHOOK_TOLERANCE_S' | 'CRM_WEBHOOK_MAX_PER_MINUTE'
    >,
  ) {}

  async execute(command: ReceiveCrmWebhookCommand): Promise<ReceiveCrmWebhookResult> {
    const now = this.clock.now();
    const limited = this.count(command.name, now.getTime());
    if (limited) return limited;
    const row = await this.repo.findConnector(command.name);
    const cipher = this.pool.cipher;
    if (!row || row.kind !== 'zendesk' || !row.webhookSecret || !cipher)
      return { outcome: 'refused', reason: 'no webhook is set up for this connector' };
    let secret: string;
    try {
      secret = cipher.decrypt(webhookSecretContext(row.name), row.webhookSecret);
    } catch {
      return { outcome: 'refused', reason: 'the webhook secret does not decrypt' };
    }
    const check = verifyZendeskWebhook(
      command,
      secret,
      now,
      this.settings.CRM_WEBHOOK_TOLERANCE_S * 1000,
    );
    if (!check.ok) return { outcome: 'refused', reason: check.reason };
    this.scheduler.wake();
    return { outcome: 'woken' };
  }

  /** Counts the call in its connector's window; the 429 answer once the window is full. */
  private count(name: string, nowMs: number): ReceiveCrmWebhookResult | null {
    if (this.windows.size > MAX_WINDOWS)
      for (const [key, w] of this.windows)
        if (nowMs - w.start >= WINDOW_MS) this.windows.delete(key);
    let window = this.windows.get(name);
    if (!window || nowMs - window.start >= WINDOW_MS) {
      window = { start: nowMs, count: 0 };
      this.windows.set(name, window);
    }
    window.count += 1;
    if (window.count <= this.settings.CRM_WEBHOOK_MAX_PER_MINUTE) return null;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - nowMs) / 1000));
    return { outcome: 'limited', retryAfterSeconds };
  }
}
