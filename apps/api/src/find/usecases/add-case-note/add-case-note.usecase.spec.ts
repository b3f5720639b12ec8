import type { Principal } from '@scb/auth';
import { InMemoryAuditLog, InMemoryCaseNotes, InMemoryUnitOfWork, ManualClock } from '@scb/testing';
import { AddCaseNote, NoteCaseNotFound, NoteRefused } from './add-case-note.usecase';

const principal = (role: Principal['role'], agentId: string | null = null): Principal => ({
  kind: 'user',
  id: `user-${role}`,
  name: `${role}@example.com`,
  role,
  agentId,
});

describe('AddCaseNote', () => {
  const setUp = () => {
    const uow = new InMemoryUnitOfWork();
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const notes = new InMemoryCaseNotes();
    const audit = new InMemoryAuditLog();
    return { uow, clock, notes, audit, useCase: new AddCaseNote(uow, clock, notes, audit) };
  };

  it('stores the holder’s note with its author and time, and audits it in the same unit', async () => {
    const { uow, notes, audit, useCase } = setUp();
    const held = notes.withCase('agent-1', 'CS-000042');
    const note = await useCase.execute({
      caseRef: 'CS-000042',
      body: 'Promised a fee waiver',
      actor: principal('agent', 'agent-1'),
    });
    expect(note).toMatchObject({
      caseId: held.id,
      caseNumber: 'CS-000042',
      body: 'Promised a fee waiver',
      author: { kind: 'user', id: 'user-agent', name: 'agent@example.com' },
      agentId: 'agent-1',
      createdAt: new Date('2026-03-01T10:00:00Z'),
    });
    expect(notes.notes).toHaveLength(1);
    expect(audit.entries).toEqual([
      {
        actor: { kind: 'user', id: 'user-agent', name: 'agent@example.com' },
        entity: 'case_note',
        entityId: note.id,
        action: 'create',
        before: null,
        after: { caseId: held.id, caseNumber: 'CS-000042', characters: 21 },
      },
    ]);
    expect(uow.committed).toBe(1);
  });

  it('lets supervisors and admins write on any case, queued or held by someone else', async () => {
    const { notes, useCase } = setUp();
    const held = notes.withCase('agent-2');
    const queued = notes.withCase(null, 'CS-000002');
    for (const role of ['supervisor', 'admin'] as const)
      for (const c of [held, queued])
        await expect(
          useCase.execute({ caseRef: c.id, body: 'checked', actor: principal(role) }),
        ).resolves.toMatchObject({ caseId: c.id, agentId: null });
    expect(notes.notes).toHaveLength(4);
  });

  it('refuses an agent not holding the case, one without an agent, and other roles; writes nothing', async () => {
    const { notes, audit, uow, useCase } = setUp();
    const held = notes.withCase('agent-2');
    const refusal = (actor: Principal) =>
      useCase.execute({ caseRef: held.id, body: 'x', actor }).catch((e: unknown) => e);
    const cases: Array<[Principal, string]> = [
      [principal('agent', 'agent-1'), 'not_case_holder'],
      [principal('agent', null), 'no_linked_agent'],
      [principal('viewer'), 'role_not_allowed'],
      [principal('integration'), 'role_not_allowed'],
    ];
    for (const [actor, reason] of cases) {
      const error = await refusal(actor);
      expect(error).toBeInstanceOf(NoteRefused);
      expect((error as NoteRefused).reason).toBe(reason);
    }
    expect([notes.notes.length, audit.entries.length, uow.rolledBack]).toEqual([0, 0, 4]);
  });

  it('a case that does not exist: NoteCaseNotFound', async () => {
    const { useCase } = setUp();
    await expect(
      useCase.execute({ caseRef: 'CS-999999', body: 'x', actor: principal('admin') }),
    ).rejects.toBeInstanceOf(NoteCaseNotFound);
  });
});
