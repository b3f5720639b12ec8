import type { Principal } from '@scb/auth';
import type { QueueConfig } from '@scb/persistence';

/** A queue's whole configuration (created or replaced); `actor` is audited with the change. */
export interface PutQueueCommand {
  actor: Principal;
  queue: QueueConfig;
}
