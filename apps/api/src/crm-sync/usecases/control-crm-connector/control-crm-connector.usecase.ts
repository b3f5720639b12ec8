import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { ConflictError, NotFoundError } from '@scb/core';
import { CrmConnectorRepository } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { AuditTrail } from '../../../audit/audit-trail';
import type { ControlCrmConnectorCommand } from './control-crm-connector.command';

/**
 * Pauses or resumes a connector, or asks for a full sync (customers, then cases, read page by
 * page by the next passes, progress in the connector's `fullSync`), audited. Pausing stops new
 * passes (a pass in hand finishes); resuming also clears an `error` state (e.g. after new
 * credentials). Throws `NotFoundError` for an unknown connector, `ConflictError` for a full sync
 * while one is running.
 */
@Injectable()
export class ControlCrmConnector {
  constructor(
    @Inject(CrmConnectorRepository)
    private readonly repo: Pick<
      CrmConnectorRepository,
      'findConnector' | 'setState' | 'saveFullSync'
    >,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor, name, action }: ControlCrmConnectorCommand): Promise<void> {
    const connector = await this.repo.findConnector(name);
    if (!connector) throw new NotFoundError(`CRM connector ${name} does not exist`);
    const running =
      connector.fullSync?.status === 'running' || connector.fullSync?.status === 'requested';
    if (action === 'full-sync' && running)
      throw new ConflictError(`a full sync of ${name} is already under way`);
    await this.audit.change(
      actor,
      { entity: 'crm_connector', action, entityId: name },
      async () => {
        if (action === 'full-sync') {
          await this.repo.saveFullSync(name, {
            status: 'requested',
            phase: 'customers',
            page: null,
            pages: 0,
            customers: 0,
            cases: 0,
            requestedAt: this.clock.now().toISOString(),
            finishedAt: null,
            error: null,
          });
        } else {
          await this.repo.setState(name, action === 'pause' ? 'paused' : 'running');
        }
        return {
          result: undefined,
          before: { state: connector.state, fullSync: connector.fullSync?.status ?? null },
          after:
            action === 'full-sync'
              ? { fullSync: 'requested' }
              : { state: action === 'pause' ? 'paused' : 'running' },
        };
      },
    );
  }
}
