import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface WorkItemSeed {
  channel: 'social' | 'phone';
  priority: number;
  queue?: string;
  /** How long ago the item was queued, so tests can build an age order. */
  queuedSecondsAgo?: number;
  requiredSkills?: string[];
}

export interface SeededWorkItem {
  id: string;
  caseId: string;
  caseNumber: string;
  queue: string;
  channel: 'social' | 'phone';
  priority: number;
}

/** An open case on a fresh customer, without a work item (as the matcher leaves it). */
export async function seedCase(
  dataSource: DataSource,
  seed: { channel: 'social' | 'phone'; priority: number },
): Promise<{ caseId: string; caseNumber: string; customerId: string }> {
  const caseId = randomUUID();
  const [{ id: customerId }]: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO customers (display_name) VALUES ('seeded') RETURNING id`,
  );
  const [{ case_number }]: Array<{ case_number: string }> = await dataSource.query(
    `INSERT INTO cases (id, customer_id, origin_channel, priority) VALUES ($1, $2, $3, $4) RETURNING case_number`,
    [caseId, customerId, seed.channel, seed.priority],
  );
  return { caseId, caseNumber: case_number, customerId };
}

/**
 * Queued work items, each on its own customer and case, written straight to Postgres (the way the
 * router leaves them) so agent tests do not depend on the whole pipeline.
 */
export async function seedQueuedWork(
  dataSource: DataSource,
  seeds: WorkItemSeed[],
): Promise<SeededWorkItem[]> {
  const result: SeededWorkItem[] = [];
  for (const seed of seeds) {
    const queue = seed.queue ?? 'default';
    const { caseId, caseNumber: case_number } = await seedCase(dataSource, seed);
    const [{ id }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO work_items (case_id, queue_name, channel, priority, routing_explanation, required_skills, queued_at)
       VALUES ($1, $2, $3, $4, 'seeded', $5, now() - make_interval(secs => $6)) RETURNING id`,
      [
        caseId,
        queue,
        seed.channel,
        seed.priority,
        seed.requiredSkills ?? [],
        seed.queuedSecondsAgo ?? 0,
      ],
    );
    result.push({
      id,
      caseId,
      caseNumber: case_number,
      queue,
      channel: seed.channel,
      priority: seed.priority,
    });
  }
  return result;
}
