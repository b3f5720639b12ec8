import { randomUUID } from 'node:crypto';
import type { RoutingChoice, WorkToRoute } from '@scb/routing';
import type { Database } from '../database';

export interface PhoneCall {
  /** E.164 caller number. */
  callerNumber: string;
  /** The telephony system's call id: a retried request creates nothing new. */
  callId: string;
  category: string | null;
  priority: number;
  note: string | null;
  /**
   * When the call reached the phone system (ACD): its work item waits from then (`queued_at`),
   * so at equal priority it is handed out before work that arrived later, phone or social.
   */
  arrivedAt: Date;
  /** The caller's language as the IVR knows it (routing rules on `languages`); null: unknown. */
  language: string | null;
  /** IVR tags (routing rules on `tagsAny`). */
  tags: string[];
}

/** The agent holding a case: the phone system routes the call to her. */
export interface CaseHolder {
  agentId: string;
  name: string;
}

export interface PhoneWork {
  workItem: {
    id: string;
    queue: string;
    priority: number;
    status: 'queued' | 'assigned';
    routingExplanation: string;
    /** Since when the item waits (the earliest arrival of the work on it). */
    queuedAt: Date | null;
    /** The agent holding the item (status `assigned`), else null. */
    agentId: string | null;
    /** Calls and posts that reached the case while the item was active (continuity). */
    updates: number;
  };
  case: { id: string; caseNumber: string; reused: boolean };
  customer: { id: string; known: boolean };
  /**
   * The agent who holds the case's item when the call comes in (the call is an update on her
   * item, not new work); null when the item waits in a queue.
   */
  holder: CaseHolder | null;
  /** True when this call id had been recorded before (an idempotent retry). */
  replayed: boolean;
}

/** What the routing of a call is decided on: the call's facts and its customer's tier. */
export type CallToRoute = Pick<WorkToRoute, 'category' | 'priority' | 'language' | 'tags'> & {
  tier: string | null;
};

/**
 * The phone system's way into the shared queues. The caller number resolves to the customer (a
 * `phone` identifier in the customer's identity graph, whoever wrote it), the customer's open case is reused so the agent sees the social history, and
 * the case's active work item is reused or created, routed by the same rules as social work.
 */
export class PhoneWorkRepository {
  constructor(private readonly db: Database) {}

  async openPhoneWork(
    call: PhoneCall,
    route: (work: CallToRoute) => RoutingChoice,
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
        if (customer.known) await this.linkFollowUp(caseId, customer.id);
      }
      if (seen.length === 0) {
        await this.db.execute(
          `INSERT INTO interactions (case_id, customer_id, channel, direction, platform, external_id, author_id, text, occurred_at, decision, payload)
           VALUES ($1, $2, 'phone', 'inbound', 'phone', $3, $4, $5, $8, $6, $7)`,
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
            call.arrivedAt,
          ],
        );
        await this.db.execute(`UPDATE cases SET last_activity_at = now() WHERE id = $1`, [caseId]);
      }
      const choice = route({
        category: call.category,
        priority: call.priority,
        language: call.language,
        tags: call.tags,
        tier: await this.tierOf(customer.id),
      });
      const item = await this.ensureWorkItem(caseId, choice, call, seen.length === 0);
      const { case_number } = (await this.db.one<{ case_number: string }>(
        `SELECT case_number FROM cases WHERE id = $1`,
        [caseId],
      ))!;
      const { holder, ...workItem } = item;
      return {
        workItem,
        case: { id: caseId, caseNumber: case_number, reused: Boolean(existingCase) },
        customer,
        holder,
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

  /**
   * A new phone case of a known caller whose most recent case was resolved within the matching
   * rules' follow-up window (`policy.followUpWindowDays`, 90 days by default) follows that case
   * (`follows_case_id`): its timeline shows the earlier history (issue 12, point 6).
   */
  private async linkFollowUp(caseId: string, customerId: string): Promise<void> {
    await this.db.execute(
      `UPDATE cases n SET follows_case_id = r.id
         FROM (SELECT c.id FROM cases c
                WHERE c.customer_id = $2 AND c.status = 'resolved' AND c.id <> $1
                  AND c.resolved_at > now() - make_interval(days => coalesce(
                        (SELECT (definition->'policy'->>'followUpWindowDays')::int
                           FROM matching_rule_sets ORDER BY version DESC LIMIT 1), 90))
                ORDER BY c.resolved_at DESC LIMIT 1) r
        WHERE n.id = $1`,
      [caseId, customerId],
    );
  }

  private async openCaseOf(customerId: string): Promise<string | null> {
    const rows = await this.db.rows<{ id: string }>(
      `SELECT id FROM cases WHERE customer_id = $1 AND status = 'open' ORDER BY last_activity_at DESC LIMIT 1`,
      [customerId],
    );
    return rows[0]?.id ?? null;
  }

  private async tierOf(customerId: string): Promise<string | null> {
    const row = await this.db.one<{ tier: string | null }>(
      `SELECT tier FROM customers WHERE id = $1`,
      [customerId],
    );
    return row?.tier ?? null;
  }

  /**
   * The case's active item, or a new one routed by `choice` that waits from the call's arrival.
   * A new call (`isNew`) on an existing active item is an update on it, counted as a social post
   * on the case is (`updates`, `last_update_at`): a waiting item is made as urgent as the call
   * and waits from the earlier of its own and the call's arrival; a held item stays with its
   * agent, who is named (`holder`) so the phone system can route the call to her.
   */
  private async ensureWorkItem(
    caseId: string,
    choice: RoutingChoice,
    call: PhoneCall,
    isNew: boolean,
  ): Promise<PhoneWork['workItem'] & { holder: CaseHolder | null }> {
    await this.db.execute(
      `UPDATE work_items
          SET priority = least(priority, $2), channel = 'phone', updated_at = now(),
              updates = updates + $3::int, last_update_at = CASE WHEN $3::int > 0 THEN now() ELSE last_update_at END,
              queued_at = CASE WHEN status = 'queued' THEN least(queued_at, $4::timestamptz) ELSE queued_at END
        WHERE case_id = $1 AND status IN ('queued', 'assigned')`,
      [caseId, choice.priority, isNew ? 1 : 0, call.arrivedAt],
    );
    await this.db.execute(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, required_skills, source_ref, queued_at)
       VALUES ($1, $2, 'phone', $3, $4, $5, $6, $7)
       ON CONFLICT (case_id) WHERE status IN ('queued', 'assigned') DO NOTHING`,
      [
        caseId,
        choice.queue,
        choice.priority,
        choice.explanation,
        choice.requiredSkills,
        `call:${call.callId}`,
        call.arrivedAt,
      ],
    );
    const row = (await this.db.one<{
      id: string;
      queue_name: string;
      priority: number;
      status: 'queued' | 'assigned';
      routing_explanation: string;
      queued_at: Date | null;
      agent_id: string | null;
      updates: number;
      agent_name: string | null;
    }>(
      `SELECT w.id, w.queue_name, w.priority, w.status, w.routing_explanation, w.queued_at,
              w.agent_id, w.updates, a.name AS agent_name
         FROM work_items w LEFT JOIN agents a ON a.id = w.agent_id AND w.status = 'assigned'
        WHERE w.case_id = $1 AND w.status IN ('queued', 'assigned')`,
      [caseId],
    ))!;
    const holder =
      row.status === 'assigned' && row.agent_id
        ? { agentId: row.agent_id, name: row.agent_name ?? '' }
        : null;
    return {
      id: row.id,
      queue: row.queue_name,
      priority: row.priority,
      status: row.status,
      routingExplanation: row.routing_explanation,
      queuedAt: row.queued_at,
      agentId: holder?.agentId ?? null,
      updates: row.updates,
      holder,
    };
  }
}
