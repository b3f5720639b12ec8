import type { IncomingMention } from '@scb/matching';
import type { Rejected } from '@scb/messaging';

/** A mention to record, and where it came from (for its dead letter if Postgres refuses it). */
export interface MentionToRecord extends IncomingMention {
  /** The consumed record: key, raw value, partition, offset. */
  origin?: Omit<Rejected, 'reason'>;
}

/** One consumed batch of mentions (one Kafka partition's batch, in offset order). */
export interface RecordMentionBatchCommand {
  /** The mentions that passed their contract, in arrival order. */
  mentions: MentionToRecord[];
  /** Records of the batch that failed their contract: dead-lettered once the batch commits. */
  rejected?: Rejected[];
}
