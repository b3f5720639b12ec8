import type { DataSource, EntityManager } from 'typeorm';
import type { Principal, Role } from '@scb/auth';

/** An API key as the API shows it: never with its digest. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  role: Role;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, role, created_at, last_used_at, revoked_at';
const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** API keys of machines (phone system, CRM import). Only digests of the keys are stored. */
export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    key: { name: string; role: Role; digest: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiKey> {
    const [row]: ApiKeyRow[] = await manager.query(
      `INSERT INTO api_keys (name, role, key_digest) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [key.name, key.role, key.digest],
    );
    return toApiKey(row);
  }

  async list(page: { limit: number; offset: number }): Promise<{ total: number; items: ApiKey[] }> {
    const [{ total }]: Array<{ total: string }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM api_keys`,
    );
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    return { total: Number(total), items: rows.map(toApiKey) };
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<ApiKey | null> {
    const [row]: ApiKeyRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE id = $1`,
      [id],
    );
    return row ? toApiKey(row) : null;
  }

  /** Kept (revoked) rather than deleted, so the audit log and "last used" still make sense. */
  async revoke(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ApiKey | null> {
    const [rows]: [ApiKeyRow[], number] = await manager.query(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] ? toApiKey(rows[0]) : null;
  }

  /** The caller behind a key; null when unknown or revoked. */
  async principal(digest: string): Promise<Principal | null> {
    const [row]: ApiKeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_keys WHERE key_digest = $1 AND revoked_at IS NULL`,
      [digest],
    );
    return row
      ? { kind: 'api_key', id: row.id, name: row.name, role: row.role, agentId: null }
      : null;
  }

  async touch(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]);
  }
}
