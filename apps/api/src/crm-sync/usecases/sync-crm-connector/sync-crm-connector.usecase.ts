import { Inject, Injectable } from '@nestjs/common';
import { CASE_NUMBER_PATTERN } from '@scb/contracts';
import type { Clock } from '@scb/core';
import {
  CrmRefusedError,
  DEFAULT_FIELD_OWNERSHIP,
  commentForNote,
  commentForPost,
  decideLinkedStatus,
  importRecordFor,
  newCrmCaseFor,
  parseFieldOwnership,
  type CrmCaseRecord,
  type CrmConnector,
  type CrmCustomerRecord,
  type FieldOwnership,
  type StatusResolution,
} from '@scb/crm';
import {
  CrmCaseLinkRepository,
  CrmConnectorRepository,
  CrmOutboundRepository,
  CrmSyncReportRepository,
  IdentifierSettingsRepository,
  type CrmConnectorRow,
  type CrmFullSyncProgress,
  type CrmLinkedCase,
} from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { ApiSettings } from '../../../config/api-settings';
import { ImportCrmCustomers } from '../../../customers/usecases/import-crm-customers/import-crm-customers.usecase';
import { CrmConnectorPool } from '../../crm-connector.pool';
import { ResolveCaseFromCrm } from '../resolve-case-from-crm/resolve-case-from-crm.usecase';
import type { SyncCrmConnectorCommand, SyncPassResult } from './sync-crm-connector.command';

/** Change reads per pass at most (each read is a page of the CRM's change feed). */
const MAX_CHANGE_READS = 10;

/**
 * One sync pass of one connector (the caller holds the connector's lock: one worker per
 * connector, so one case is never written by two at once):
 *
 * 1. **Full sync** (when an admin asked for one): up to `CRM_FULL_SYNC_PAGES_PER_PASS` pages of
 *    customers, then of cases open or closed in the last `CRM_FULL_SYNC_CLOSED_SINCE_DAYS`,
 *    imported through the CRM import (`ImportCrmCustomers`); progress and the next page token
 *    are stored after each page, so a restart resumes there.
 * 2. **Inbound**: `readCaseChanges` from the stored cursor; each change is applied (an unknown
 *    case with a customer is imported, a known one gets the status rule), then the cursor is
 *    stored. A change not newer than the last one applied to its case is skipped (re-reads).
 * 3. **Outbound**: cases opened here since the connector was set up are opened in the CRM
 *    (`upsertCase`, external id = case number), each post on a linked case not yet written is
 *    added as a comment (`addComment`, marker `platform:postId`), each agent's note on a linked
 *    case as a non-public comment (marker `note:<id>`), and each linked case whose
 *    status moved here gets the status rule. Every write is recorded after the CRM answered; a
 *    stop in between repeats the write, which the CRM side makes idempotent.
 *
 * `CrmRefusedError` dead-letters the record (with the CRM's code and reason) and the pass goes
 * on; `CrmUnavailableError` and `CrmAuthError` end the pass (thrown to the scheduler) with what
 * was done kept. Returns null when the connector is gone or not running.
 */
@Injectable()
export class SyncCrmConnector {
  constructor(
    @Inject(CrmConnectorRepository) private readonly connectors: CrmConnectorRepository,
    @Inject(CrmCaseLinkRepository) private readonly links: CrmCaseLinkRepository,
    @Inject(CrmOutboundRepository) private readonly outboundRepo: CrmOutboundRepository,
    @Inject(CrmSyncReportRepository) private readonly report: CrmSyncReportRepository,
    @Inject(CrmConnectorPool) private readonly pool: Pick<CrmConnectorPool, 'for'>,
    @Inject(ImportCrmCustomers) private readonly importer: Pick<ImportCrmCustomers, 'execute'>,
    @Inject(ResolveCaseFromCrm) private readonly resolver: Pick<ResolveCaseFromCrm, 'execute'>,
    @Inject(IdentifierSettingsRepository)
    private readonly region: Pick<IdentifierSettingsRepository, 'phoneDefaultCountry'>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ApiSettings)
    private readonly settings: Pick<
      ApiSettings,
      | 'CRM_SYNC_BATCH_SIZE'
      | 'CRM_FULL_SYNC_PAGES_PER_PASS'
      | 'CRM_FULL_SYNC_CLOSED_SINCE_DAYS'
      | 'CRM_OUTBOUND_OVERLAP_MS'
    >,
  ) {}

  async execute(command: SyncCrmConnectorCommand): Promise<SyncPassResult | null> {
    const row = await this.connectors.findConnector(command.name);
    if (!row || row.state !== 'running') return null;
    const deps: PassDeps = {
      connectors: this.connectors,
      links: this.links,
      outbound: this.outboundRepo,
      report: this.report,
      importer: this.importer,
      resolver: this.resolver,
      region: this.region,
      clock: this.clock,
      settings: this.settings,
    };
    const pass = new Pass(deps, row, this.pool.for(row), command.signal);
    await pass.run();
    if (!pass.stopped()) await this.connectors.recordSuccess(row.name, this.clock.now());
    return pass.result;
  }
}

/** What a pass works with: the use case's collaborators. */
interface PassDeps {
  connectors: CrmConnectorRepository;
  links: CrmCaseLinkRepository;
  outbound: CrmOutboundRepository;
  report: CrmSyncReportRepository;
  importer: Pick<ImportCrmCustomers, 'execute'>;
  resolver: Pick<ResolveCaseFromCrm, 'execute'>;
  region: Pick<IdentifierSettingsRepository, 'phoneDefaultCountry'>;
  clock: Clock;
  settings: Pick<
    ApiSettings,
    | 'CRM_SYNC_BATCH_SIZE'
    | 'CRM_FULL_SYNC_PAGES_PER_PASS'
    | 'CRM_FULL_SYNC_CLOSED_SINCE_DAYS'
    | 'CRM_OUTBOUND_OVERLAP_MS'
  >;
}

/** One pass's state: the connector, its ownership rules, the counts. */
class Pass {
  readonly result: SyncPassResult = {
    inbound: {
      applied: 0,
      imported: 0,
      resolvedHere: 0,
      reopenedHere: 0,
      conflicts: 0,
      skipped: 0,
    },
    outbound: { casesOpened: 0, comments: 0, notes: 0, statuses: 0, deadLetters: 0 },
    fullSyncPages: 0,
  };
  private readonly ownership: FieldOwnership;
  private readonly customers = new Map<string, CrmCustomerRecord | null>();

  constructor(
    private readonly d: PassDeps,
    private readonly row: CrmConnectorRow,
    private readonly crm: CrmConnector,
    private readonly signal: AbortSignal | undefined,
  ) {
    const parsed = parseFieldOwnership(row.fieldOwnership);
    this.ownership = parsed.ok ? parsed.value : DEFAULT_FIELD_OWNERSHIP;
  }

  stopped(): boolean {
    return this.signal?.aborted === true;
  }

  async run(): Promise<void> {
    await this.fullSync();
    if (!this.stopped()) await this.inbound();
    if (!this.stopped()) await this.outbound();
  }

  private get name() {
    return this.row.name;
  }

  private now() {
    return this.d.clock.now();
  }

  // ---- full sync -------------------------------------------------------------------------------

  private async fullSync(): Promise<void> {
    const current = this.row.fullSync;
    if (!current || (current.status !== 'requested' && current.status !== 'running')) return;
    const progress: CrmFullSyncProgress = { ...current, status: 'running' };
    const closedSince = new Date(
      this.now().getTime() - this.d.settings.CRM_FULL_SYNC_CLOSED_SINCE_DAYS * 86_400_000,
    );
    for (let i = 0; i < this.d.settings.CRM_FULL_SYNC_PAGES_PER_PASS && !this.stopped(); i += 1) {
      if (progress.phase === 'customers') {
        const page = await this.crm.listCustomers(progress.page);
        if (page.items.length > 0) {
          await this.d.importer.execute({
            customers: page.items.map((c) => importRecordFor(c, [])),
            phoneDefaultCountry: await this.d.region.phoneDefaultCountry(),
          });
          for (const c of page.items) this.customers.set(c.crmId, c);
        }
        progress.customers += page.items.length;
        progress.page = page.next;
        if (!page.next) progress.phase = 'cases';
      } else {
        const page = await this.crm.listCases(closedSince, progress.page);
        await this.applyChanges(page.items, false);
        progress.cases += page.items.length;
        progress.page = page.next;
        if (!page.next) {
          progress.status = 'done';
          progress.finishedAt = this.now().toISOString();
        }
      }
      progress.pages += 1;
      this.result.fullSyncPages += 1;
      await this.d.connectors.saveFullSync(this.name, progress);
      if (progress.status === 'done') return;
    }
  }

  // ---- inbound ---------------------------------------------------------------------------------

  private async inbound(): Promise<void> {
    let cursor = this.row.changeCursor;
    for (let read = 0; read < MAX_CHANGE_READS && !this.stopped(); read += 1) {
      const batch = await this.crm.readCaseChanges(cursor);
      const complete = await this.applyChanges(batch.changes, true);
      // A stop mid-batch keeps the old cursor: the next pass re-reads the batch (harmless).
      if (!complete) return;
      await this.d.connectors.saveCursor(this.name, batch.cursor, batch.changes.length);
      this.result.inbound.applied += batch.changes.length;
      cursor = batch.cursor;
      if (!batch.hasMore) return;
    }
  }

  /** Applies CRM cases (whole states); false when stopped before the last one. */
  private async applyChanges(records: CrmCaseRecord[], fromChangeFeed: boolean): Promise<boolean> {
    // Newest state per case: a case changed twice in one read is applied once.
    const latest = [...new Map(records.map((r) => [r.crmCaseId, r])).values()];
    if (latest.length === 0) return true;
    const known = await this.d.links.casesForCrm(
      this.name,
      latest.map((r) => r.crmCaseId),
      latest.flatMap((r) =>
        r.externalId && CASE_NUMBER_PATTERN.test(r.externalId) ? [r.externalId] : [],
      ),
    );
    for (const change of latest) {
      if (this.stopped()) return false;
      const ours =
        known.find((k) => k.link?.crmCaseId === change.crmCaseId) ??
        known.find((k) => k.importedCrmCaseId === change.crmCaseId) ??
        known.find((k) => change.externalId !== null && k.caseNumber === change.externalId);
      if (!ours) await this.adopt(change);
      else await this.applyKnown(ours, change, fromChangeFeed);
    }
    return true;
  }

  /** A CRM case we do not have: imported with its customer through the CRM import, then linked. */
  private async adopt(change: CrmCaseRecord): Promise<void> {
    const customer = change.customerCrmId ? await this.customer(change.customerCrmId) : null;
    if (!customer) {
      this.result.inbound.skipped += 1;
      return;
    }
    await this.d.importer.execute({
      customers: [importRecordFor(customer, [change])],
      phoneDefaultCountry: await this.d.region.phoneDefaultCountry(),
    });
    const [imported] = await this.d.links.casesForCrm(this.name, [change.crmCaseId], []);
    if (!imported) return;
    await this.d.links.link(this.name, {
      caseId: imported.caseId,
      crmCaseId: change.crmCaseId,
      openedBy: 'crm',
      status: change.status,
      at: this.now(),
      crmSeenAt: change.updatedAt,
    });
    this.result.inbound.imported += 1;
  }

  private async customer(crmId: string): Promise<CrmCustomerRecord | null> {
    if (!this.customers.has(crmId)) this.customers.set(crmId, await this.crm.getCustomer(crmId));
    return this.customers.get(crmId) ?? null;
  }

  /** A case we have: linked first if need be, then the status rule against the CRM's state. */
  private async applyKnown(
    ours: CrmLinkedCase,
    change: CrmCaseRecord,
    fromChangeFeed: boolean,
  ): Promise<void> {
    let link = ours.link;
    if (!link) {
      // Imported earlier (file import) or opened by us with the link not yet stored: what we
      // hold now is the base, so the CRM's differing status counts as its change.
      link = {
        crmCaseId: change.crmCaseId,
        syncedStatus: ours.status,
        syncedAt: this.now(),
        crmSeenAt: null,
      };
      await this.d.links.link(this.name, {
        caseId: ours.caseId,
        crmCaseId: change.crmCaseId,
        openedBy: change.externalId === ours.caseNumber ? 'scb' : 'crm',
        status: ours.status,
        at: link.syncedAt,
        crmSeenAt: null,
      });
    }
    // Already applied (a re-read of the overlap, or a full sync listing an older state).
    if (link.crmSeenAt && change.updatedAt.getTime() <= link.crmSeenAt.getTime()) return;
    if (!fromChangeFeed && ours.link) return; // the change feed keeps linked cases in step
    const decision = decideLinkedStatus(
      {
        status: ours.status,
        resolvedAt: ours.resolvedAt,
        synced: { status: link.syncedStatus, syncedAt: link.syncedAt },
      },
      change,
      this.ownership,
    );
    await this.apply(ours.caseId, link.crmCaseId, decision, change.closedAt, change.updatedAt);
  }

  /** Writes a status decision to whichever side needs it, records a conflict, marks it synced. */
  private async apply(
    caseId: string,
    crmCaseId: string,
    decision: StatusResolution,
    crmClosedAt: Date | null,
    crmSeenAt: Date | null,
  ): Promise<void> {
    if (decision.writeToScb) {
      if (decision.status === 'resolved') {
        await this.d.resolver.execute({
          caseId,
          resolvedAt: crmClosedAt ?? this.now(),
          connector: this.name,
        });
        this.result.inbound.resolvedHere += 1;
      } else {
        await this.d.links.reopenCase(caseId);
        this.result.inbound.reopenedHere += 1;
      }
    }
    if (decision.writeToCrm) {
      const written = await this.refusable(caseId, 'setCaseStatus', crmCaseId, () =>
        this.crm.setCaseStatus(crmCaseId, decision.status),
      );
      if (written) this.result.outbound.statuses += 1;
    }
    if (decision.conflict) {
      await this.d.report.addConflict(this.name, { caseId, crmCaseId, ...decision.conflict });
      this.result.inbound.conflicts += 1;
    }
    await this.d.links.markSynced(this.name, caseId, decision.status, this.now(), crmSeenAt);
  }

  // ---- outbound --------------------------------------------------------------------------------

  private async outbound(): Promise<void> {
    const batch = this.d.settings.CRM_SYNC_BATCH_SIZE;
    const overlap = this.d.settings.CRM_OUTBOUND_OVERLAP_MS;
    // Read before the look-ups: what they cannot see yet is stamped after it (the repository says why).
    const horizon = await this.d.outbound.outboundHorizon();
    const cases = await this.d.outbound.casesToOpen(this.name, batch, overlap);
    for (const c of cases) {
      if (this.stopped()) return;
      const written = await this.refusable(c.caseId, 'upsertCase', c.caseNumber, () =>
        this.crm.upsertCase(newCrmCaseFor(c)),
      );
      if (!written) continue;
      await this.d.links.link(this.name, {
        caseId: c.caseId,
        crmCaseId: written.value.crmId,
        openedBy: 'scb',
        status: c.status,
        at: this.now(),
        crmSeenAt: null,
      });
      this.result.outbound.casesOpened += 1;
    }
    const posts = await this.d.outbound.commentsToSend(this.name, batch, overlap);
    for (const post of posts) {
      if (this.stopped()) return;
      const comment = commentForPost(post);
      const written = await this.refusable(post.caseId, 'addComment', comment.externalId, () =>
        this.crm.addComment(post.crmCaseId, comment),
      );
      await this.d.outbound.markComment(
        this.name,
        post.interactionId,
        written ? 'sent' : 'dead-lettered',
        written ? written.value.crmId : null,
      );
      if (written) this.result.outbound.comments += 1;
    }
    const notes = await this.d.outbound.notesToSend(this.name, batch, overlap);
    for (const note of notes) {
      if (this.stopped()) return;
      const comment = commentForNote(note);
      const written = await this.refusable(note.caseId, 'addComment', comment.externalId, () =>
        this.crm.addComment(note.crmCaseId, comment),
      );
      await this.d.outbound.markNote(
        this.name,
        note.noteId,
        written ? 'sent' : 'dead-lettered',
        written ? written.value.crmId : null,
      );
      if (written) this.result.outbound.notes += 1;
    }
    // Every look-up came back short of its batch and all it found was written or dead-lettered:
    // nothing stamped before the horizon is left, so the next look-ups may start there.
    if ([cases, posts, notes].every((found) => found.length < batch))
      await this.d.connectors.saveOutboundWatermark(this.name, horizon);
    for (const moved of await this.d.links.statusesToSend(this.name, batch)) {
      if (this.stopped()) return;
      const decision = decideLinkedStatus(
        {
          status: moved.status,
          resolvedAt: moved.resolvedAt,
          synced: { status: moved.syncedStatus, syncedAt: moved.syncedAt },
        },
        null,
        this.ownership,
      );
      await this.apply(moved.caseId, moved.crmCaseId, decision, null, null);
    }
  }

  /**
   * Runs one CRM write; a refusal is dead-lettered with the CRM's code and reason (and the pass
   * goes on), so the result is null. Other errors are thrown.
   */
  private async refusable<T>(
    caseId: string,
    operation: string,
    recordRef: string,
    write: () => Promise<T>,
  ): Promise<{ value: T } | null> {
    try {
      return { value: await write() };
    } catch (error) {
      if (!(error instanceof CrmRefusedError)) throw error;
      await this.d.report.addDeadLetter(this.name, {
        caseId,
        operation,
        recordRef,
        code: error.code,
        reason: error.reason,
        httpStatus: error.status,
      });
      this.result.outbound.deadLetters += 1;
      return null;
    }
  }
}
