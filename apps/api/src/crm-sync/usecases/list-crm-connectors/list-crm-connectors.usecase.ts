import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { CrmConnectorRepository, type CrmConnectorRow } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { lagSeconds } from '../get-crm-connector/get-crm-connector.usecase';

/** One connector in the admin list: its state at a glance, never its credentials. */
export interface CrmConnectorSummary {
  name: string;
  kind: CrmConnectorRow['kind'];
  state: CrmConnectorRow['state'];
  /** Seconds since the last successful pass (since creation before any). */
  lagSeconds: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** The last full sync's status, null when none was asked. */
  fullSyncStatus: NonNullable<CrmConnectorRow['fullSync']>['status'] | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Lists the CRM connectors by name, a page at a time (`limit` 1–200, `offset`). */
@Injectable()
export class ListCrmConnectors {
  constructor(
    @Inject(CrmConnectorRepository)
    private readonly repo: Pick<CrmConnectorRepository, 'listConnectors'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(page: {
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: CrmConnectorSummary[] }> {
    // A deployment has one connector per CRM (a handful): paging the rows in memory reuses the
    // scheduler's read instead of adding a query.
    const rows = await this.repo.listConnectors();
    const now = this.clock.now();
    return {
      total: rows.length,
      items: rows.slice(page.offset, page.offset + page.limit).map((row) => ({
        name: row.name,
        kind: row.kind,
        state: row.state,
        lagSeconds: lagSeconds(row, now),
        lastSuccessAt: row.lastSuccessAt,
        lastError: row.lastError,
        lastErrorAt: row.lastErrorAt,
        fullSyncStatus: row.fullSync?.status ?? null,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      })),
    };
  }
}
