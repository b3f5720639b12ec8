/** One sync pass of one connector. */
export interface SyncCrmConnectorCommand {
  name: string;
  /** Aborted when the process stops: the pass ends after the record in hand (nothing half-done). */
  signal?: AbortSignal;
}

/** What one pass did; counts of this pass only. */
export interface SyncPassResult {
  inbound: {
    /** Changes read and applied (a re-read older change counts, doing nothing). */
    applied: number;
    /** CRM cases (with their customers) imported through the CRM import. */
    imported: number;
    resolvedHere: number;
    reopenedHere: number;
    conflicts: number;
    /** Changes of cases with no customer, or whose customer the CRM no longer has. */
    skipped: number;
  };
  outbound: {
    casesOpened: number;
    comments: number;
    /** Agents' notes written as non-public comments. */
    notes: number;
    statuses: number;
    deadLetters: number;
  };
  /** Full-sync pages read in this pass. */
  fullSyncPages: number;
}
