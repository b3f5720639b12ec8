import type { DataSource, EntityManager } from 'typeorm';
import type { Principal, Role } from '@scb/auth';

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

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  agent_id: string | null;
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, email, display_name, role, agent_id, disabled_at, created_at';
const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  agentId: r.agent_id,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
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

/** Users and their sessions. Only digests of session tokens are stored. */
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when the email is taken (emails are unique regardless of case). */
  async create(
    user: NewUser,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    const rows: UserRow[] = await manager.query(
      `INSERT INTO users (email, display_name, role, agent_id, password_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ((lower(email))) DO NOTHING RETURNING ${COLUMNS}`,
      [user.email, user.displayName, user.role, user.agentId, user.passwordHash],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** The user and their password hash, for checking a login; disabled users are not found. */
  async findForLogin(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const [row]: Array<UserRow & { password_hash: string }> = await this.dataSource.query(
      `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`,
      [email],
    );
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    const [row]: UserRow[] = await manager.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [
      id,
    ]);
    return row ? toUser(row) : null;
  }

  async list(page: { limit: number; offset: number }): Promise<{ total: number; items: User[] }> {
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM users`,
    );
    const rows: UserRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM users ORDER BY lower(email) LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    return { total: Number(total), items: rows.map(toUser) };
  }

  /**
   * Changes what is given; a new password, a new role or disabling also ends the user's sessions
   * (so a demoted or locked-out user is out at once, not when the session expires).
   */
  async update(
    id: string,
    patch: Partial<Pick<NewUser, 'displayName' | 'role' | 'agentId' | 'passwordHash'>> & {
      disabled?: boolean;
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<User | null> {
    const [rows]: [UserRow[], number] = await manager.query(
      `UPDATE users SET
         display_name = coalesce($2, display_name),
         role = coalesce($3, role),
         agent_id = CASE WHEN $4::boolean THEN $5::uuid ELSE agent_id END,
         password_hash = coalesce($6, password_hash),
         disabled_at = CASE WHEN $7::boolean IS NULL THEN disabled_at
                            WHEN $7 THEN coalesce(disabled_at, now()) ELSE NULL END,
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        patch.displayName ?? null,
        patch.role ?? null,
        patch.agentId !== undefined,
        patch.agentId ?? null,
        patch.passwordHash ?? null,
        patch.disabled ?? null,
      ],
    );
    if (!rows[0]) return null;
    if (patch.passwordHash || patch.role || patch.disabled)
      await manager.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
    return toUser(rows[0]);
  }

  async createSession(userId: string, tokenDigest: string, ttlSeconds: number): Promise<Date> {
    const [row]: Array<{ expires_at: Date }> = await this.dataSource.query(
      `INSERT INTO sessions (user_id, token_digest, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
      [userId, tokenDigest, ttlSeconds],
    );
    return row.expires_at;
  }

  async findSession(tokenDigest: string): Promise<SessionLookup> {
    const [row]: Array<UserRow & { expires_at: Date; expired: boolean }> =
      await this.dataSource.query(
        `SELECT u.id, u.email, u.display_name, u.role, u.agent_id, u.disabled_at, u.created_at,
                s.expires_at, s.expires_at <= now() AS expired
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_digest = $1`,
        [tokenDigest],
      );
    if (!row || row.disabled_at !== null) return { status: 'unknown' };
    if (row.expired) return { status: 'expired' };
    const user = toUser(row);
    return { status: 'valid', principal: toPrincipal(user), user, expiresAt: row.expires_at };
  }

  async deleteSession(tokenDigest: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE token_digest = $1`, [tokenDigest]);
  }

  /** Expired sessions are useless; removed at login so the table does not grow forever. */
  async deleteExpiredSessions(): Promise<void> {
    await this.dataSource.query(`DELETE FROM sessions WHERE expires_at < now() - interval '1 day'`);
  }
}
