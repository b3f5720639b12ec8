import { randomUUID } from 'node:crypto';
import type { CaseNoteRecord, CaseNotes, NewCaseNote, NoteTargetCase } from '@scb/persistence';

/** Cases and their notes in memory, for unit tests of the notes use case. */
export class InMemoryCaseNotes implements CaseNotes {
  readonly cases: NoteTargetCase[] = [];
  readonly notes: CaseNoteRecord[] = [];

  /** Adds a case; `holderAgentId` is the agent its active work item is assigned to. */
  withCase(holderAgentId: string | null = null, caseNumber = 'CS-000001'): NoteTargetCase {
    const target = { id: randomUUID(), caseNumber, holderAgentId };
    this.cases.push(target);
    return target;
  }

  async findTarget(ref: string): Promise<NoteTargetCase | null> {
    return this.cases.find((c) => c.id === ref || c.caseNumber === ref) ?? null;
  }

  async add(note: NewCaseNote, caseNumber: string): Promise<CaseNoteRecord> {
    const record = { ...note, id: randomUUID(), caseNumber };
    this.notes.push(record);
    return record;
  }
}
