import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { PendingSlaNotification } from '@scb/persistence';
import { slaAlertText } from '@scb/routing';
import { guardedLookup, OutboundAllowList, outboundUrlRefusal } from './outbound-target.guard';

export interface SlaWebhookOptions {
  /**
   * Signs each body (`X-SCB-Signature-256: sha256=<hex>`) so receivers can trust it. Required to
   * send: without it nothing is sent and each notification fails with the reason.
   */
  secret?: string;
  timeoutMs: number;
  /**
   * Hosts, IPs and CIDR ranges a webhook may reach although not public (loopback, private,
   * link-local, unique-local...); everything else must resolve to public addresses only.
   */
  allowedHosts?: readonly string[];
}

/**
 * Posts one SLA alert to a supervisor webhook. The JSON carries `text` (what Slack- and
 * Teams-style incoming webhooks display) and the structured facts; `X-SCB-Delivery` lets a
 * receiver drop the duplicate an at-least-once retry may bring.
 */
export class SlaWebhookNotifier {
  private readonly allow: OutboundAllowList;

  constructor(private readonly options: SlaWebhookOptions) {
    this.allow = new OutboundAllowList(options.allowedHosts ?? []);
  }

  /** Null when delivered; otherwise the reason, without the URL (its path may be a secret). */
  async deliver(n: PendingSlaNotification): Promise<string | null> {
    if (!this.options.secret)
      return 'not sent: SLA_WEBHOOK_SECRET is not configured (every webhook is signed)';
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
    headers['x-scb-signature-256'] =
      `sha256=${createHmac('sha256', this.options.secret).update(body).digest('hex')}`;
    const host = new URL(n.target).host;
    try {
      // An IP literal is never looked up: check it here; names are checked in the lookup itself.
      const refusal = await outboundUrlRefusal(n.target, this.allow, { resolve: false });
      if (refusal) return refusal;
      const status = await this.post(n.target, headers, body);
      return status >= 200 && status < 300 ? null : `HTTP ${status} from ${host}`;
    } catch (error) {
      const reason =
        error instanceof Error
          ? error.name === 'TimeoutError'
            ? 'timed out'
            : error.message
          : String(error);
      return `${reason} (${host})`;
    }
  }

  /** POSTs without following redirects; resolves with the status code. */
  private post(target: string, headers: Record<string, string>, body: string): Promise<number> {
    const url = new URL(target);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: guardedLookup(this.allow),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (error) =>
        reject(
          error.name === 'AbortError'
            ? Object.assign(new Error('timed out'), { name: 'TimeoutError' })
            : error,
        ),
      );
      req.end(body);
    });
  }
}
