import { randomUUID } from 'node:crypto';
import type { RoutingChoice } from '@scb/routing';
import type { Database } from '../database';

export interface PhoneCall {
  /** E.164 caller number. */
  callerNumber: string;
  /** The telephony system's call id: a retried request creates nothing new. */
  callId: string;
  category: string | null;
  priority: number;
  note: string | null;
}

export interface PhoneWork {
  workItem: {
    id: string;
    queue: string;
    priority: number;
    status: 'queued' | 'assigned';
    routingExplanation: string;
  };
  case: { id: string; caseNumber: string; reused: boolean };
  customer: { id: string; known: boolean };
  /** True when this call id had been recorded before (an idempotent retry). */
  replayed: boolean;
}

/**
 * The phone system's way into the shared queues. The caller number resolves to the customer (a
 * `phone` identifier in the customer's identity graph, whoever wrote it), the customer's open case is reused so the agent sees the social history, and
 * the case's active work item is reused or created, routed by the same rules as social work.
 */
export class PhoneWorkRepository {
  constructor(private readonly db: Database) {}

  async openPhoneWork(
    call: PhoneCall,
    route: (work: { category: string | null; priority: number }) => RoutingChoice,
  ): Promise<PhoneWork> {
    return this.db.run(async () => {
      // One caller at a time: two lines ringing from one number must not make two customers.
      await this.db.execute(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `phone:${call.callerNumber}`,
      ]);
      const seen = await this.db.rows<{ case_id: string }>(
        `SELECT case_id FROM interactions WHERE platform = 'phone' AND external_id = $1`,
        [call.callId],
      );
      const customer = await this.resolveCustomer(call.callerNumber);
      const existingCase = seen[0]?.case_id ?? (await this.openCaseOf(customer.id));
      const caseId = existingCase ?? randomUUID();
      if (!existingCase) {
        await this.db.execute(
          `INSERT INTO cases (id, customer_id, origin_channel, category, priority) VALUES ($1, $2, 'phone', $3, $4)`,
          [caseId, customer.id, call.category, call.priority],
        );
      }
      if (seen.length === 0) {
        await this.db.execute(
          `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
           VALUES ($1, $2, 'phone', 'inbound', 'phone', $3, $4, $5, now(), $6, $7)`,
          [
            caseId,
            customer.id,
            call.callId,
            call.callerNumber,
            call.note ?? `Phone call${call.category ? ` (IVR: ${call.category})` : ''}`,
            JSON.stringify({
              kind: existingCase ? 'link' : 'open',
              reason: existingCase
                ? "phone call joined the caller's open case"
                : 'no open case for this caller; opened a phone case',
            }),
            JSON.stringify(call),
          ],
        );
        await this.db.execute(`UPDATE cases SET last_activity_at = now() WHERE id = $1`, [caseId]);
      }
      const choice = route({ category: call.category, priority: call.priority });
      const item = await this.ensureWorkItem(caseId, choice, call.callId);
      const { case_number } = (await this.db.one<{ case_number: string }>(
        `SELECT case_number FROM cases WHERE id = $1`,
        [caseId],
      ))!;
      return {
        workItem: item,
        case: { id: caseId, caseNumber: case_number, reused: Boolean(existingCase) },
        customer,
        replayed: seen.length > 0,
      };
    });
  }

  /**
   * The customer whose identity graph holds the number (a CRM import, an earlier call, an agent),
   * else a new customer learnt from the phone network's caller id (proven).
   */
  private async resolveCustomer(number: string) {
    const found = await this.db.rows<{ customer_id: string }>(
      `SELECT coalesce(cu.merged_into, k.customer_id) AS customer_id
         FROM customer_identifiers k JOIN customers cu ON cu.id = k.customer_id
        WHERE k.kind = 'phone' AND k.value = $1`,
      [number],
    );
    if (found[0]) return { id: found[0].customer_id, known: true };
    const { id } = (await this.db.one<{ id: string }>(
      `INSERT INTO customers (display_name) VALUES ($1) RETURNING id`,
      [number],
    ))!;
    await this.db.execute(
      `INSERT INTO customer_identifiers (kind, value, customer_id, source, trust)
       VALUES ('phone', $1, $2, 'phone-network', 'proven')`,
      [number, id],
    );
    return { id, known: false };
  }

  private async openCaseOf(customerId: string): Promise<string | null> {
    const rows = await this.db.rows<{ id: string }>(
      `SELECT id FROM cases WHERE customer_id = $1 AND status = 'open' ORDER BY last_activity_at DESC LIMIT 1`,
      [customerId],
    );
    return rows[0]?.id ?? null;
  }

  /** The case's active item, or a new one routed by `choice`; a waiting item is made as urgent as the call. */
  private async ensureWorkItem(
    caseId: string,
    choice: RoutingChoice,
    callId: string,
  ): Promise<PhoneWork['workItem']> {
    await this.db.execute(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, required_skills, source_ref)
       VALUES ($1, $2, 'phone', $3, $4, $5, $6)
       ON CONFLICT (case_id) WHERE status IN ('queued', 'assigned') DO NOTHING`,
      [
        caseId,
        choice.queue,
        choice.priority,
        choice.explanation,
        choice.requiredSkills,
        `call:${callId}`,
      ],
    );
    const rows = await this.db.rows<{
      id: string;
      queue_name: string;
      priority: number;
      status: 'queued' | 'assigned';
      routing_explanation: string;
    }>(
      `UPDATE work_items SET priority = least(priority, $2), channel = 'phone', updated_at = now()
        WHERE case_id = $1 AND status IN ('queued', 'assigned')
        RETURNING id, queue_name, priority, status, routing_explanation`,
      [caseId, choice.priority],
    );
    const row = rows[0];
    return {
      id: row.id,
      queue: row.queue_name,
      priority: row.priority,
      status: row.status,
      routingExplanation: row.routing_explanation,
    };
  }
}
