import type { Principal } from '@scb/auth';
import { NotFoundError, ValidationError } from '@scb/core';
import type { User } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { UpdateUser } from './update-user.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};
const ana: User = {
  id: 'u-ana',
  email: 'ana@x.test',
  displayName: 'Ana',
  role: 'agent',
  agentId: null,
  disabled: false,
  createdAt: new Date(0),
};

class InMemoryUsers {
  readonly rows = new Map<string, User & { passwordHash?: string }>([[ana.id, { ...ana }]]);

  async find(id: string): Promise<User | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    const { passwordHash: _hash, ...user } = row;
    return user;
  }

  async update(
    id: string,
    patch: Partial<Omit<User, 'id'>> & { passwordHash?: string },
  ): Promise<User | null> {
    const row = this.rows.get(id);
    if (!row) return null;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.rows.set(id, { ...row, ...defined });
    return this.find(id);
  }
}

describe('UpdateUser', () => {
  function setUp() {
    const log = new InMemoryAuditLog();
    const users = new InMemoryUsers();
    // How many audit entries were written (the change committed) each time the cache was cleared.
    const cleared: number[] = [];
    const updateUser = new UpdateUser(users, new AuditTrail(new InMemoryUnitOfWork(), log), {
      clear: () => void cleared.push(log.entries.length),
    });
    return { log, users, cleared, updateUser };
  }

  it('changes the user and audits before and after, a new password as a flag only', async () => {
    const { log, users, cleared, updateUser } = setUp();
    const password = 'a much longer and stranger passphrase 42';
    const user = await updateUser.execute({
      actor: admin,
      id: ana.id,
      patch: { role: 'supervisor', password },
    });
    expect(user.role).toBe('supervisor');
    expect(users.rows.get(ana.id)?.passwordHash).toMatch(/^scrypt\$/);
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({
      entity: 'user',
      action: 'update',
      entityId: ana.id,
      before: { role: 'agent' },
      after: { role: 'supervisor', passwordChanged: true },
    });
    expect(JSON.stringify(log.entries)).not.toContain(password);
    // Remembered sessions are looked up again once the change is committed.
    expect(cleared).toEqual([1]);
  });

  it('refuses a password that is weak for this user (their email or name) before any write', async () => {
    const { log, users, updateUser } = setUp();
    const weak = updateUser.execute({
      actor: admin,
      id: ana.id,
      patch: { password: 'ana@x.test' },
    });
    await expect(weak).rejects.toThrow(ValidationError);
    await expect(weak).rejects.toMatchObject({ errors: [{ path: 'password' }] });
    expect(users.rows.get(ana.id)?.passwordHash).toBeUndefined();
    expect(log.entries).toEqual([]);
  });

  it('answers NotFoundError for an unknown user and audits nothing', async () => {
    const { log, updateUser } = setUp();
    await expect(
      updateUser.execute({ actor: admin, id: 'u-none', patch: { disabled: true } }),
    ).rejects.toThrow(NotFoundError);
    expect(log.entries).toEqual([]);
  });
});
