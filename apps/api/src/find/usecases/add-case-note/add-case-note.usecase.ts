import type { Clock, UnitOfWork } from '@scb/core';
import { noteRefusal, type NoteRefusal } from '@scb/cases';
import type { AuditEntry, CaseNoteRecord, CaseNotes } from '@scb/persistence';
import type { AddCaseNoteCommand } from './add-case-note.command';

/** Writes audit entries in the current unit of work. */
export interface AuditRecorder {
  record(entry: AuditEntry): Promise<void>;
}

/** The case does not exist (404). */
export class NoteCaseNotFound extends Error {}

/** The caller may not write on this case (403 with `reason`). */
export class NoteRefused extends Error {
  constructor(readonly reason: NoteRefusal) {
    super(
      reason === 'not_case_holder'
        ? 'only the agent holding the case (or a supervisor) may write a note on it'
        : reason === 'no_linked_agent'
          ? 'this user is not linked to an agent'
          : 'this role may not write notes',
    );
  }
}

/**
 * An internal note on a case by the agent holding it, a supervisor or an admin: stored with its
 * author, shown on the case's timeline, never sent to a platform, and audited (entity
 * `case_note`, action `create`) in the same transaction. The audit entry names the case and the
 * note's length, not its text (notes may carry personal data; the note itself is the record).
 * @throws NoteCaseNotFound, NoteRefused
 */
export class AddCaseNote {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly notes: CaseNotes,
    private readonly audit: AuditRecorder,
  ) {}

  async execute(command: AddCaseNoteCommand): Promise<CaseNoteRecord> {
    const { actor } = command;
    return this.uow.run(async () => {
      const target = await this.notes.findTarget(command.caseRef);
      if (!target) throw new NoteCaseNotFound(`case ${command.caseRef} does not exist`);
      const refusal = noteRefusal(actor, target.holderAgentId);
      if (refusal) throw new NoteRefused(refusal);
      const note = await this.notes.add(
        {
          caseId: target.id,
          body: command.body,
          author: { kind: actor.kind, id: actor.id, name: actor.name },
          agentId: actor.agentId,
          createdAt: this.clock.now(),
        },
        target.caseNumber,
      );
      await this.audit.record({
        actor: { kind: actor.kind, id: actor.id, name: actor.name },
        entity: 'case_note',
        entityId: note.id,
        action: 'create',
        before: null,
        after: { caseId: target.id, caseNumber: target.caseNumber, characters: note.body.length },
      });
      return note;
    });
  }
}
