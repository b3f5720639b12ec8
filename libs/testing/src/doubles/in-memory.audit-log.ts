import type { AuditEntry, AuditLogRepository } from '@scb/persistence';

/** The audit log for unit specs of audited use cases: keeps the entries recorded, in order. */
export class InMemoryAuditLog implements Pick<AuditLogRepository, 'record'> {
  readonly entries: AuditEntry[] = [];

  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }
}
