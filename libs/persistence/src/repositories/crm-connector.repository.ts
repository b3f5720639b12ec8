import type { Database } from '../database';
import { withSessionLock } from './advisory-locks';

export type CrmConnectorKind = 'salesforce' | 'zendesk';
export type CrmConnectorState = 'running' | 'paused' | 'error';

/**
 * Progress of a connector's first full sync (customers, then cases), stored as it goes so a
 * restart resumes at the stored page. `status`: requested → running → done | failed.
 */
export interface CrmFullSyncProgress {
  status: 'requested' | 'running' | 'done' | 'failed';
  phase: 'customers' | 'cases';
  /** The CRM's page token to read next (null: the first page of `phase`). */
  page: string | null;
  pages: number;
  customers: number;
  cases: number;
  requestedAt: string;
  finishedAt: string | null;
  error: string | null;
}

/** One `crm_connectors` row. `credentials` is the ciphertext: only the sync worker decrypts it. */
export interface CrmConnectorRow {
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  fieldOwnership: unknown;
  credentials: string;
  /** The Zendesk webhook's signing secret (ciphertext), or null when no webhook is set up. */
  webhookSecret: string | null;
  state: CrmConnectorState;
  outboundSince: Date;
  /** Before it, the outbound look-ups found nothing left to send (null: none yet). */
  outboundWatermark: Date | null;
  changeCursor: string | null;
  changesApplied: number;
  fullSync: CrmFullSyncProgress | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What an admin saves; `credentials` null keeps the stored ones. */
export interface CrmConnectorWrite {
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  fieldOwnership: unknown;
  credentials: string | null;
  /** The webhook signing secret's ciphertext; null removes it, undefined keeps the stored one. */
  webhookSecret?: string | null;
}

interface ConnectorSqlRow {
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  field_ownership: unknown;
  credentials: string;
  webhook_secret: string | null;
  state: CrmConnectorState;
  outbound_since: Date;
  outbound_watermark: Date | null;
  change_cursor: string | null;
  changes_applied: string;
  full_sync: CrmFullSyncProgress | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toConnector = (r: ConnectorSqlRow): CrmConnectorRow => ({
  name: r.name,
  kind: r.kind,
  settings: r.settings,
  fieldOwnership: r.field_ownership,
  credentials: r.credentials,
  webhookSecret: r.webhook_secret,
  state: r.state,
  outboundSince: r.outbound_since,
  outboundWatermark: r.outbound_watermark,
  changeCursor: r.change_cursor,
  changesApplied: Number(r.changes_applied),
  fullSync: r.full_sync,
  lastSuccessAt: r.last_success_at,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * CRM connectors (`crm_connectors`): settings, encrypted credentials, state, the inbound change
 * cursor and the first full sync's progress, and the per-connector sync lock. Reads and writes
 * only; the sync use cases decide. Statements join the caller's unit of work.
 */
export class CrmConnectorRepository {
  constructor(private readonly db: Database) {}

  /**
   * Runs `work` while this process holds the connector's session lock (one sync worker per
   * connector across replicas, so one case is never written by two workers at once); returns
   * false without waiting when another process holds it.
   */
  async whileSyncing(name: string, work: () => Promise<void>): Promise<boolean> {
    const outcome = await withSessionLock(this.db.dataSource, `crm-sync:${name}`, work);
    return outcome.acquired;
  }

  async findConnector(name: string): Promise<CrmConnectorRow | null> {
    const row = await this.db.one<ConnectorSqlRow>(`SELECT * FROM crm_connectors WHERE name = $1`, [
      name,
    ]);
    return row ? toConnector(row) : null;
  }

  async listConnectors(): Promise<CrmConnectorRow[]> {
    const rows = await this.db.rows<ConnectorSqlRow>(`SELECT * FROM crm_connectors ORDER BY name`);
    return rows.map(toConnector);
  }

  /**
   * Creates or updates a connector; null `credentials` keeps the stored ciphertext, so does an
   * undefined `webhookSecret` (null removes it).
   */
  async upsertConnector(write: CrmConnectorWrite): Promise<void> {
    await this.db.execute(
      `INSERT INTO crm_connectors (name, kind, settings, field_ownership, credentials, webhook_secret)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $7)
       ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, settings = EXCLUDED.settings,
         field_ownership = EXCLUDED.field_ownership,
         credentials = coalesce($6, crm_connectors.credentials),
         webhook_secret = CASE WHEN $8 THEN crm_connectors.webhook_secret ELSE $7 END,
         updated_at = now()`,
      [
        write.name,
        write.kind,
        JSON.stringify(write.settings),
        JSON.stringify(write.fieldOwnership),
        write.credentials ?? '',
        write.credentials,
        write.webhookSecret ?? null,
        write.webhookSecret === undefined,
      ],
    );
  }

  /** Sets the state; `lastError` (with its time) when given. */
  async setState(
    name: string,
    state: CrmConnectorState,
    lastError: { message: string; at: Date } | null = null,
  ): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET state = $2, updated_at = now(),
              last_error = coalesce($3, last_error), last_error_at = coalesce($4, last_error_at)
        WHERE name = $1`,
      [name, state, lastError?.message ?? null, lastError?.at ?? null],
    );
  }

  async recordSuccess(name: string, at: Date): Promise<void> {
    await this.db.execute(`UPDATE crm_connectors SET last_success_at = $2 WHERE name = $1`, [
      name,
      at,
    ]);
  }

  async recordError(name: string, message: string, at: Date): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET last_error = $2, last_error_at = $3 WHERE name = $1`,
      [name, message, at],
    );
  }

  /** Stores the change cursor once its changes are applied, and counts them. */
  async saveCursor(name: string, cursor: string, applied: number): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET change_cursor = $2, changes_applied = changes_applied + $3 WHERE name = $1`,
      [name, cursor, applied],
    );
  }

  async saveFullSync(name: string, progress: CrmFullSyncProgress | null): Promise<void> {
    await this.db.execute(`UPDATE crm_connectors SET full_sync = $2::jsonb WHERE name = $1`, [
      name,
      progress === null ? null : JSON.stringify(progress),
    ]);
  }

  /**
   * Moves the connector's outbound watermark to `at` (never back): the outbound look-ups found
   * everything stamped before it (see `CrmOutboundRepository`).
   */
  async saveOutboundWatermark(name: string, at: Date): Promise<void> {
    await this.db.execute(
      `UPDATE crm_connectors SET outbound_watermark = greatest(outbound_watermark, $2) WHERE name = $1`,
      [name, at],
    );
  }
}
