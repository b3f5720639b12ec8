import type { Principal, Role } from '@scb/auth';
import { PreparedStatement, type Database } from '../database';
import { SessionEntity } from '../entities/session.entity';
import { UserEntity } from '../entities/user.entity';

/** A user as the API shows it: never with the password hash. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agentId: string | null;
  disabled: boolean;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  agentId: string | null;
  passwordHash: string;
}

const toUser = (u: UserEntity): User => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role,
  agentId: u.agentId,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt,
});
const toPrincipal = (u: User): Principal => ({
  kind: 'user',
  id: u.id,
  name: u.email,
  role: u.role,
  agentId: u.agentId,
});

export type SessionLookup =
  | { status: 'valid'; principal: Principal; user: User; expiresAt: Date }
  | { status: 'expired' | 'unknown' };

/**
 * Users and their sessions. Only digests of session tokens are stored. Joins the current unit of
 * work (`Database.run`) when there is one.
 */
export class UserRepository {
  constructor(private readonly db: Database) {}

  private get users() {
    return this.db.manager.getRepository(UserEntity);
  }

  private get sessions() {
    return this.db.manager.getRepository(SessionEntity);
  }

  /** Null when the email is taken (emails are unique regardless of case). */
  async create(user: NewUser): Promise<User | null> {
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values({
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        agentId: user.agentId,
        passwordHash: user.passwordHash,
      })
      // The only conflict a new id can meet is the case-insensitive email index.
      .orIgnore()
      .returning('id')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    return id === undefined ? null : this.find(id);
  }

  /** The user and their password hash, for checking a login; disabled users are not found. */
  async findForLogin(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const found = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email })
      .andWhere('u.disabledAt IS NULL')
      .getOne();
    return found ? { user: toUser(found), passwordHash: found.passwordHash } : null;
  }

  async find(id: string): Promise<User | null> {
    const found = await this.users.findOneBy({ id });
    return found ? toUser(found) : null;
  }

  async list(page: { limit: number; offset: number }): Promise<{ total: number; items: User[] }> {
    const [items, total] = await this.users
      .createQueryBuilder('u')
      .orderBy('lower(u.email)')
      .limit(page.limit)
      .offset(page.offset)
      .getManyAndCount();
    return { total, items: items.map(toUser) };
  }

  /**
   * Changes what is given; a new password, a new role or disabling also ends the user's sessions
   * (so a demoted or locked-out user is out at once, not when the session expires). Null when
   * there is no such user.
   */
  async update(
    id: string,
    patch: Partial<Pick<NewUser, 'displayName' | 'role' | 'agentId' | 'passwordHash'>> & {
      disabled?: boolean;
    },
  ): Promise<User | null> {
    return this.db.run(async () => {
      const changed = await this.users
        .createQueryBuilder()
        .update()
        .set({
          ...(patch.displayName != null && { displayName: patch.displayName }),
          ...(patch.role != null && { role: patch.role }),
          ...(patch.agentId !== undefined && { agentId: patch.agentId }),
          ...(patch.passwordHash != null && { passwordHash: patch.passwordHash }),
          // Disabling keeps the first time it happened.
          ...(patch.disabled != null && {
            disabledAt: patch.disabled ? () => 'coalesce(disabled_at, now())' : null,
          }),
          updatedAt: () => 'now()',
        })
        .where('id = :id', { id })
        .execute();
      if (!changed.affected) return null;
      if (patch.passwordHash || patch.role || patch.disabled)
        await this.sessions.delete({ userId: id });
      return this.find(id);
    });
  }

  /** Stores the token's digest; the session expires `ttlSeconds` from now (database time). */
  async createSession(userId: string, tokenDigest: string, ttlSeconds: number): Promise<Date> {
    const inserted = await this.sessions
      .createQueryBuilder()
      .insert()
      .values({
        userId,
        tokenDigest,
        expiresAt: () => 'now() + make_interval(secs => :ttlSeconds)',
      })
      .setParameter('ttlSeconds', ttlSeconds)
      .returning('expires_at')
      .execute();
    return (inserted.raw as Array<{ expires_at: Date }>)[0].expires_at;
  }

  async findSession(tokenDigest: string): Promise<SessionLookup> {
    // Every authenticated request runs this: one raw statement, without the query builder's
    // per-call SQL generation and entity mapping (a few per cent of the api's CPU under agents),
    // prepared once per pooled connection.
    const row = await this.db.one<{
      id: string;
      email: string;
      display_name: string;
      role: Role;
      agent_id: string | null;
      disabled: boolean;
      created_at: Date;
      expires_at: Date;
      expired: boolean;
    }>(
      new PreparedStatement(
        'user.find-session',
        `SELECT u.id, u.email, u.display_name, u.role, u.agent_id, u.disabled_at IS NOT NULL AS disabled,
              u.created_at, s.expires_at, s.expires_at <= now() AS expired
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_digest = $1`,
      ),
      [tokenDigest],
    );
    if (!row || row.disabled) return { status: 'unknown' };
    if (row.expired) return { status: 'expired' };
    const user: User = {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      agentId: row.agent_id,
      disabled: false,
      createdAt: row.created_at,
    };
    return { status: 'valid', principal: toPrincipal(user), user, expiresAt: row.expires_at };
  }

  async deleteSession(tokenDigest: string): Promise<void> {
    await this.sessions.delete({ tokenDigest });
  }

  /** Expired sessions are useless; removed at login so the table does not grow forever. */
  async deleteExpiredSessions(): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .delete()
      .where(`expires_at < now() - interval '1 day'`)
      .execute();
  }
}
