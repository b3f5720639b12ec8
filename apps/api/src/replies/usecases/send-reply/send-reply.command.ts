import type { Role } from '@scb/auth';

/** An agent's reply on a case; `requestId` (the client's, per case) makes retries safe. */
export interface SendReplyCommand {
  requestId: string;
  caseId: string;
  agentId: string;
  text: string;
  /**
   * The customer's post to answer (an interaction id on the case); absent: their latest post
   * still standing.
   */
  inReplyToInteractionId?: string;
  /** The caller's role: an agent replies only on a case they hold. */
  actorRole: Role;
}
