import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { Clock } from '@scb/core';
import { CrmAuthError, CrmUnavailableError, syncBackoffMs } from '@scb/crm';
import { ServiceMetrics } from '@scb/observability';
import { CrmConnectorRepository, CrmSyncReportRepository } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { ApiSettings } from '../config/api-settings';
import { SyncCrmConnector } from './usecases/sync-crm-connector/sync-crm-connector.usecase';

const STATES = ['running', 'paused', 'error'] as const;

/**
 * Runs a sync pass (`SyncCrmConnector`) of every running connector each `CRM_SYNC_INTERVAL_MS`,
 * one pass at a time per connector across replicas (a session advisory lock; a replica that
 * does not get it skips the connector this round). A failed pass is retried after a backoff
 * (exponential, or the CRM's Retry-After), its error stored on the connector; refused
 * credentials (`CrmAuthError`) put the connector in `error` until an admin saves or resumes it.
 * On shutdown the pass in hand stops after its current record.
 *
 * Metrics, read from Postgres at scrape: `scb_crm_connector_state{connector,state}` (1 for the
 * current state), `scb_crm_sync_lag_seconds{connector}` (since the last successful pass),
 * `scb_crm_sync_records{connector,kind}` (cases linked / opened in the CRM, comments sent,
 * changes applied, dead letters, conflicts, comments pending).
 */
@Injectable()
export class CrmSyncScheduler implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CrmSyncScheduler.name);
  private readonly abort = new AbortController();
  private readonly failures = new Map<string, { count: number; notBefore: number }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** A wake-up came while a round was running: one more round follows it. */
  private woken = false;

  constructor(
    @Inject(CrmConnectorRepository) private readonly repo: CrmConnectorRepository,
    @Inject(CrmSyncReportRepository)
    private readonly report: Pick<CrmSyncReportRepository, 'counts'>,
    @Inject(SyncCrmConnector) private readonly sync: Pick<SyncCrmConnector, 'execute'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ApiSettings)
    private readonly settings: Pick<
      ApiSettings,
      'CRM_SYNC_INTERVAL_MS' | 'CRM_SYNC_MAX_BACKOFF_MS'
    >,
    @Inject(ServiceMetrics) metrics: ServiceMetrics,
  ) {
    this.registerMetrics(metrics);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.kick(), this.settings.CRM_SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  /**
   * Asks for a round now (a CRM webhook said something changed) instead of at the next interval.
   * Only a wake-up: wake-ups during a round are merged into one more round after it, and the
   * round reads from the stored cursor as a timed one does, so a wake-up can neither lose nor
   * repeat a change. Paused connectors and those backing off stay skipped.
   */
  wake(): void {
    this.woken = true;
    this.kick();
  }

  /** Starts a round unless one is under way (then a wake-up waits for it to end). */
  private kick(): void {
    if (this.running || this.abort.signal.aborted) return;
    this.woken = false;
    this.running = this.tick()
      .catch((error: unknown) =>
        this.logger.error({ message: 'CRM sync round failed', error: String(error) }),
      )
      .finally(() => {
        this.running = null;
        if (this.woken) this.kick();
      });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    await this.running;
  }

  /** One round: a pass of each running connector that is not backing off. */
  async tick(): Promise<void> {
    for (const connector of await this.repo.listConnectors()) {
      if (this.abort.signal.aborted) return;
      if (connector.state !== 'running') continue;
      const failed = this.failures.get(connector.name);
      if (failed && failed.notBefore > this.clock.now().getTime()) continue;
      await this.repo.whileSyncing(connector.name, () => this.pass(connector.name));
    }
  }

  private async pass(name: string): Promise<void> {
    try {
      await this.sync.execute({ name, signal: this.abort.signal });
      this.failures.delete(name);
    } catch (error) {
      const now = this.clock.now();
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof CrmAuthError) {
        await this.repo.setState(name, 'error', { message, at: now });
        this.failures.delete(name);
      } else {
        const count = (this.failures.get(name)?.count ?? 0) + 1;
        const retryAfter = error instanceof CrmUnavailableError ? error.retryAfterMs : null;
        const wait = syncBackoffMs(
          count,
          retryAfter,
          this.settings.CRM_SYNC_INTERVAL_MS,
          this.settings.CRM_SYNC_MAX_BACKOFF_MS,
        );
        this.failures.set(name, { count, notBefore: now.getTime() + wait });
        await this.repo.recordError(name, message, now);
      }
      this.logger.warn({ message: 'CRM sync pass failed', connector: name, error: message });
    }
  }

  private registerMetrics(metrics: ServiceMetrics): void {
    const registers = [metrics.registry];
    const state = new Gauge({
      name: 'scb_crm_connector_state',
      help: 'CRM connectors by state: 1 for the state each connector is in, else 0.',
      labelNames: ['connector', 'state'] as const,
      registers,
    });
    const lag = new Gauge({
      name: 'scb_crm_sync_lag_seconds',
      help: 'Seconds since the last successful sync pass of each CRM connector (since its creation before any).',
      labelNames: ['connector'] as const,
      registers,
    });
    const records = new Gauge({
      name: 'scb_crm_sync_records',
      help: 'CRM sync records per connector: casesLinked, casesOpenedInCrm, commentsSent, changesApplied, deadLetters, conflicts, commentsPending.',
      labelNames: ['connector', 'kind'] as const,
      registers,
    });
    metrics.beforeScrape(async () => {
      const now = this.clock.now().getTime();
      for (const c of await this.repo.listConnectors()) {
        for (const s of STATES) state.set({ connector: c.name, state: s }, c.state === s ? 1 : 0);
        lag.set({ connector: c.name }, (now - (c.lastSuccessAt ?? c.createdAt).getTime()) / 1000);
        const counts = await this.report.counts(c.name);
        for (const [kind, value] of Object.entries(counts) as Array<[string, number]>)
          records.set({ connector: c.name, kind }, value);
      }
    });
  }
}
