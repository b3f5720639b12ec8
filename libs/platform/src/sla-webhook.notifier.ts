import { createHmac } from 'node:crypto';
import type { PendingSlaNotification } from '@scb/persistence';
import { slaAlertText } from '@scb/routing';

export interface SlaWebhookOptions {
  /** Signs each body (`X-SCB-Signature-256: sha256=<hex>`) so receivers can trust it. */
  secret?: string;
  timeoutMs: number;
}

/**
 * Posts one SLA alert to a supervisor webhook. The JSON carries `text` (what Slack- and
 * Teams-style incoming webhooks display) and the structured facts; `X-SCB-Delivery` lets a
 * receiver drop the duplicate an at-least-once retry may bring.
 */
export class SlaWebhookNotifier {
  constructor(private readonly options: SlaWebhookOptions) {}

  /** Null when delivered; otherwise the reason, without the URL (its path may be a secret). */
  async deliver(n: PendingSlaNotification): Promise<string | null> {
    const body = JSON.stringify({
      type: `sla.${n.stage}`,
      deliveryId: n.id,
      text: slaAlertText({
        kind: n.kind,
        stage: n.stage,
        caseNumber: n.caseNumber,
        queue: n.queue,
        dueAt: n.dueAt,
        occurredAt: n.occurredAt,
        priority: n.escalation.priority,
        escalatedQueue: n.escalation.queue,
      }),
      kind: n.kind,
      stage: n.stage,
      caseId: n.caseId,
      caseNumber: n.caseNumber,
      workItemId: n.workItemId,
      queue: n.queue,
      dueAt: n.dueAt.toISOString(),
      occurredAt: n.occurredAt.toISOString(),
      escalation: n.escalation,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'social-case-bridge-sla/1',
      'x-scb-delivery': n.id,
    };
    if (this.options.secret) {
      headers['x-scb-signature-256'] =
        `sha256=${createHmac('sha256', this.options.secret).update(body).digest('hex')}`;
    }
    try {
      const res = await fetch(n.target, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.body?.cancel();
      return res.ok ? null : `HTTP ${res.status} from ${new URL(n.target).host}`;
    } catch (error) {
      const reason =
        error instanceof Error
          ? error.name === 'TimeoutError'
            ? 'timed out'
            : error.message
          : String(error);
      return `${reason} (${new URL(n.target).host})`;
    }
  }
}
