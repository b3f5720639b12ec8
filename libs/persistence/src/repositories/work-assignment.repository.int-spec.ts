import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv, seedQueuedWork } from '@scb/testing';
import { Database } from '../database';
import { WorkAssignmentRepository } from './work-assignment.repository';

/** `complete` in one statement: the item and its case change together, or neither does. */
describe('WorkAssignmentRepository.complete on Postgres', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let assignments: WorkAssignmentRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('wacomplete').DB_SCHEMA));
    assignments = new WorkAssignmentRepository(new Database(dataSource));
  });

  afterAll(() => drop());

  const state = async (itemId: string, caseId: string) => {
    const [row]: Array<{
      item: string;
      code: string | null;
      case_status: string;
      resolved: boolean;
    }> = await dataSource.query(
      `SELECT w.status AS item, w.resolution_code AS code, c.status AS case_status,
                c.resolved_at IS NOT NULL AS resolved
           FROM work_items w JOIN cases c ON c.id = w.case_id WHERE w.id = $1 AND c.id = $2`,
      [itemId, caseId],
    );
    return row;
  };

  it("completes the holder's item and resolves its case; anyone else changes neither", async () => {
    const [item] = await seedQueuedWork(dataSource, [{ channel: 'social', priority: 2 }]);
    const [{ id: agent }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name, presence, capacity, last_heartbeat_at)
       VALUES ('agent', 'available', '{"social": 1}', now()) RETURNING id`,
    );
    const [{ id: other }]: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO agents (name, presence, capacity, last_heartbeat_at)
       VALUES ('other', 'available', '{"social": 1}', now()) RETURNING id`,
    );
    await dataSource.query(
      `UPDATE work_items SET status = 'assigned', agent_id = $2, assigned_at = now() WHERE id = $1`,
      [item.id, agent],
    );

    await expect(assignments.complete(item.id, other, 'x')).resolves.toBeNull();
    expect(await state(item.id, item.caseId)).toEqual({
      item: 'assigned',
      code: null,
      case_status: 'open',
      resolved: false,
    });

    await expect(assignments.complete(item.id, agent, 'fixed')).resolves.toMatchObject({
      id: item.id,
      caseId: item.caseId,
      caseNumber: item.caseNumber,
      status: 'completed',
      agentId: agent,
    });
    expect(await state(item.id, item.caseId)).toEqual({
      item: 'completed',
      code: 'fixed',
      case_status: 'resolved',
      resolved: true,
    });
    // Completed once: a second completion finds nothing it holds.
    await expect(assignments.complete(item.id, agent, 'again')).resolves.toBeNull();
  });
});
