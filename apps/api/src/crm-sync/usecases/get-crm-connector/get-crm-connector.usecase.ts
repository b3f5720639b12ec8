import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { NotFoundError } from '@scb/core';
import {
  CrmConnectorRepository,
  CrmSyncReportRepository,
  type CrmConflictRecord,
  type CrmConnectorRow,
  type CrmDeadLetter,
  type CrmFullSyncProgress,
  type CrmSyncCounts,
} from '@scb/persistence';
import { CLOCK } from '@scb/platform';

/** What an admin sees of a connector: never its credentials (only that they are set). */
export interface CrmConnectorView {
  name: string;
  kind: CrmConnectorRow['kind'];
  settings: Record<string, unknown>;
  fieldOwnership: unknown;
  credentials: 'set';
  /** `set` when a Zendesk webhook signing secret is stored (never shown), else null. */
  webhookSecret: 'set' | null;
  state: CrmConnectorRow['state'];
  /** Seconds since the last successful pass (since creation before any). */
  lagSeconds: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  counts: CrmSyncCounts;
  fullSync: CrmFullSyncProgress | null;
  /** The 20 newest, newest first. */
  deadLetters: CrmDeadLetter[];
  conflicts: CrmConflictRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const RECENT = 20;

/** Whole seconds since the connector's last successful pass (since its creation before any). */
export function lagSeconds(row: Pick<CrmConnectorRow, 'lastSuccessAt' | 'createdAt'>, now: Date) {
  const since = (row.lastSuccessAt ?? row.createdAt).getTime();
  return Math.max(0, Math.round((now.getTime() - since) / 1000));
}

/** Reads a connector with their state, lag, last error, counts, full-sync progress, dead letters and conflicts. */
@Injectable()
export class GetCrmConnector {
  constructor(
    @Inject(CrmConnectorRepository)
    private readonly repo: Pick<CrmConnectorRepository, 'findConnector'>,
    @Inject(CrmSyncReportRepository)
    private readonly report: Pick<CrmSyncReportRepository, 'counts' | 'deadLetters' | 'conflicts'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One connector; throws `NotFoundError` when there is none by that name. */
  async execute(command: { name: string }): Promise<CrmConnectorView> {
    const row = await this.repo.findConnector(command.name);
    if (!row) throw new NotFoundError(`CRM connector ${command.name} does not exist`);
    return this.view(row);
  }

  private async view(row: CrmConnectorRow): Promise<CrmConnectorView> {
    const [counts, deadLetters, conflicts] = await Promise.all([
      this.report.counts(row.name),
      this.report.deadLetters(row.name, RECENT),
      this.report.conflicts(row.name, RECENT),
    ]);
    return {
      name: row.name,
      kind: row.kind,
      settings: row.settings,
      fieldOwnership: row.fieldOwnership,
      credentials: 'set',
      webhookSecret: row.webhookSecret === null ? null : 'set',
      state: row.state,
      lagSeconds: lagSeconds(row, this.clock.now()),
      lastSuccessAt: row.lastSuccessAt,
      lastError: row.lastError,
      lastErrorAt: row.lastErrorAt,
      counts,
      fullSync: row.fullSync,
      deadLetters,
      conflicts,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
