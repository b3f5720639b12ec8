import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { systemClock } from '@scb/core';
import { RuleSet, type BatchDecider, type IncomingMention } from '@scb/matching';
import { CustomerMergeRepository, Database, MentionCaseRepository } from '@scb/persistence';
// The matcher's use case itself, so int-specs store mentions exactly as the matcher does.
import {
  RecordMentionBatch,
  type RecordMentionBatchResult,
} from '../../../../apps/matcher/src/usecases/record-mention-batch/record-mention-batch.usecase';

/** Records a batch of mentions decided by `decider`, as the matcher would. */
export type MentionRecorder = (
  incoming: IncomingMention[],
  decider: BatchDecider,
) => Promise<RecordMentionBatchResult>;

/**
 * The matcher's `RecordMentionBatch` on a test database (real Postgres), for int-specs that
 * need stored mentions: each call records one batch in one unit of work, its case events into
 * the outbox on `caseEventsTopic`. A mention the database refuses rejects the call (there is no
 * dead-letter topic here).
 */
export function mentionRecorder(
  dataSource: DataSource,
  caseEventsTopic = 'cases.events.v1',
): MentionRecorder {
  const db = new Database(dataSource);
  const defaults = RuleSet.defaults();
  const deps = {
    uow: db,
    mentionCases: new MentionCaseRepository(db, caseEventsTopic),
    merges: new CustomerMergeRepository(db),
    rules: { current: () => defaults },
    deadLetters: {
      publish: async (rejected: Array<{ reason: string }>) => {
        throw new Error(`the database refused a mention: ${rejected[0]?.reason}`);
      },
    },
    relay: { kick: () => undefined },
    clock: systemClock,
    newId: randomUUID,
  };
  return (incoming, decider) =>
    new RecordMentionBatch({ ...deps, matcher: { forBatch: () => decider } }).execute({
      mentions: incoming,
    });
}
