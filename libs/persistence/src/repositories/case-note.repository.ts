import type { Database } from '../database';

/** A case as a note needs it: its id, number, and the agent holding its active work item. */
export interface NoteTargetCase {
  id: string;
  caseNumber: string;
  /** The agent the case's active work item is assigned to; null when queued or none. */
  holderAgentId: string | null;
}

export interface NewCaseNote {
  caseId: string;
  body: string;
  author: { kind: 'user' | 'api_key'; id: string; name: string };
  /** The agent the author works as (role agent), else null. */
  agentId: string | null;
  createdAt: Date;
}

export interface CaseNoteRecord extends NewCaseNote {
  id: string;
  caseNumber: string;
}

/** The port of the add-note use case (fakes: `InMemoryCaseNotes` in `@scb/testing`). */
export interface CaseNotes {
  /** The case named by its id (uuid) or number (`CS-000123`), or null when there is none. */
  findTarget(ref: string): Promise<NoteTargetCase | null>;
  add(note: NewCaseNote, caseNumber: string): Promise<CaseNoteRecord>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Internal notes on cases (`case_notes`): written by agents and supervisors, read on timelines. */
export class CaseNoteRepository implements CaseNotes {
  constructor(private readonly db: Database) {}

  async findTarget(ref: string): Promise<NoteTargetCase | null> {
    return this.db.one<NoteTargetCase>(
      `SELECT c.id, c.case_number AS "caseNumber",
              (SELECT w.agent_id FROM work_items w
                WHERE w.case_id = c.id AND w.status = 'assigned') AS "holderAgentId"
         FROM cases c WHERE ${UUID.test(ref) ? 'c.id = $1::uuid' : 'c.case_number = $1'}`,
      [ref],
    );
  }

  async add(note: NewCaseNote, caseNumber: string): Promise<CaseNoteRecord> {
    const row = await this.db.one<{ id: string }>(
      `INSERT INTO case_notes (case_id, author_kind, author_id, author_name, agent_id, body, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        note.caseId,
        note.author.kind,
        note.author.id,
        note.author.name,
        note.agentId,
        note.body,
        note.createdAt,
      ],
    );
    return { ...note, id: row!.id, caseNumber };
  }
}
