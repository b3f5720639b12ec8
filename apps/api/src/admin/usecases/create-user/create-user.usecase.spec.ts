import { verifyPassword, type Principal } from '@scb/auth';
import { ConflictError } from '@scb/core';
import type { NewUser, User } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { CreateUser } from './create-user.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};

class InMemoryUsers {
  readonly rows: Array<User & { passwordHash: string }> = [];

  async create(input: NewUser): Promise<User | null> {
    if (this.rows.some((u) => u.email === input.email)) return null;
    const { passwordHash, ...fields } = input;
    const user: User = {
      ...fields,
      id: `u-${this.rows.length + 1}`,
      disabled: false,
      createdAt: new Date(0),
    };
    this.rows.push({ ...user, passwordHash });
    return user;
  }
}

describe('CreateUser', () => {
  const input = {
    email: 'ana@x.test',
    displayName: 'Ana',
    role: 'agent' as const,
    agentId: null,
    password: 'correct horse battery staple',
  };

  function setUp() {
    const uow = new InMemoryUnitOfWork();
    const log = new InMemoryAuditLog();
    const users = new InMemoryUsers();
    return { uow, log, users, createUser: new CreateUser(users, new AuditTrail(uow, log)) };
  }

  it('stores a hash of the password only and audits the user without it', async () => {
    const { uow, log, users, createUser } = setUp();
    const user = await createUser.execute({ actor: admin, user: input });
    expect(user).toMatchObject({ email: 'ana@x.test', role: 'agent' });
    expect(users.rows[0].passwordHash).not.toContain(input.password);
    expect(await verifyPassword(input.password, users.rows[0].passwordHash)).toBe(true);
    expect(uow.committed).toBe(1);
    expect(log.entries).toEqual([
      expect.objectContaining({
        actor: { kind: 'user', id: 'u-admin', name: 'admin@x.test' },
        entity: 'user',
        action: 'create',
        entityId: user.id,
      }),
    ]);
    expect(JSON.stringify(log.entries)).not.toContain(input.password);
  });

  it('refuses a second user with the same email as a conflict, writing no audit entry', async () => {
    const { uow, log, createUser } = setUp();
    await createUser.execute({ actor: admin, user: input });
    await expect(createUser.execute({ actor: admin, user: input })).rejects.toThrow(ConflictError);
    expect(uow.rolledBack).toBe(1);
    expect(log.entries).toHaveLength(1);
  });
});
