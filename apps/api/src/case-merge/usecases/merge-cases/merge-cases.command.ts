import type { Principal } from '@scb/auth';

/** Fold case `caseRef` into case `intoRef` (each a uuid or a case number, `CS-000123`). */
export interface MergeCasesCommand {
  actor: Principal;
  caseRef: string;
  intoRef: string;
}
