import type { Principal, Role } from '@scb/auth';
import { PreparedStatement, type Database } from '../database';
import { ApiKeyEntity } from '../entities/api-key.entity';

/** An API key as the API shows it: never with its digest. */
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const toApiKey = (k: ApiKeyEntity): ApiKey => ({
  id: k.id,
  name: k.name,
  role: k.role,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

/**
 * API keys of machines (phone system, CRM import). Only digests of the keys are stored. Joins the
 * current unit of work (`Database.run`) when there is one.
 */
export class ApiKeyRepository {
  constructor(private readonly db: Database) {}

  private get keys() {
    return this.db.manager.getRepository(ApiKeyEntity);
  }

  async create(key: { name: string; role: Role; digest: string }): Promise<ApiKey> {
    const inserted = await this.keys
      .createQueryBuilder()
      .insert()
      .values({ name: key.name, role: key.role, keyDigest: key.digest })
      .returning('id')
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0].id;
    return toApiKey(await this.keys.findOneByOrFail({ id }));
  }

  /** Newest first. */
  async list(page: { limit: number; offset: number }): Promise<{ total: number; items: ApiKey[] }> {
    const [items, total] = await this.keys.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      take: page.limit,
      skip: page.offset,
    });
    return { total, items: items.map(toApiKey) };
  }

  async find(id: string): Promise<ApiKey | null> {
    const found = await this.keys.findOneBy({ id });
    return found ? toApiKey(found) : null;
  }

  /**
   * Kept (revoked) rather than deleted, so the audit log and "last used" still make sense.
   * Revoking twice keeps the first time. Null when there is no such key.
   */
  async revoke(id: string): Promise<ApiKey | null> {
    const changed = await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'coalesce(revoked_at, now())' })
      .where('id = :id', { id })
      .execute();
    return changed.affected ? this.find(id) : null;
  }

  /** The caller behind a key; null when unknown or revoked. */
  async principal(digest: string): Promise<Principal | null> {
    // Every request with a key runs this: one raw statement (see UserRepository.findSession).
    const key = await this.db.one<{ id: string; name: string; role: Principal['role'] }>(
      new PreparedStatement(
        'api-key.principal',
        `SELECT id, name, role FROM api_keys WHERE key_digest = $1 AND revoked_at IS NULL`,
      ),
      [digest],
    );
    return key
      ? { kind: 'api_key', id: key.id, name: key.name, role: key.role, agentId: null }
      : null;
  }

  async touch(id: string): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: () => 'now()' });
  }
}
