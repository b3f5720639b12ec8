import { randomUUID } from 'node:crypto';
import type { CaseCandidate, MatchingSnapshot } from '@scb/matching';

/** An empty snapshot (nobody known, no cases); override the maps the test is about. */
export function aMatchingSnapshot(partial: Partial<MatchingSnapshot> = {}): MatchingSnapshot {
  return {
    customerByAuthor: new Map(),
    tierByCustomer: new Map(),
    casesByCustomer: new Map(),
    caseByPost: new Map(),
    caseByConversation: new Map(),
    customerCaseByConversation: new Map(),
    caseByNumber: new Map(),
    customerByIdentifier: new Map(),
    personas: new Set(),
    ...partial,
  };
}

let caseSequence = 0;

/** An open case of `customerId` with a fresh id and case number. */
export function aCase(customerId: string, overrides: Partial<CaseCandidate> = {}): CaseCandidate {
  caseSequence += 1;
  return {
    caseId: randomUUID(),
    caseNumber: `CS-${String(900_000 + caseSequence).padStart(6, '0')}`,
    customerId,
    status: 'open',
    category: null,
    resolvedAt: null,
    ...overrides,
  };
}
