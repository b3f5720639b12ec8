import type { Principal } from '@scb/auth';

/** A new matching rule-set version: the definition as sent (validated here), its author, a note. */
export interface PublishMatchingRulesCommand {
  actor: Principal;
  definition: unknown;
  /** Defaults to the actor's name. */
  author?: string;
  note: string;
}
