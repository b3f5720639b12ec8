/** The CRM resolved (or owns and holds resolved) a case linked to ours. */
export interface ResolveCaseFromCrmCommand {
  caseId: string;
  /** When the CRM closed it (its `ClosedDate`), else when the sync saw it. */
  resolvedAt: Date;
  /** Which CRM, for the work item's resolution code (`crm:<connector>`). */
  connector: string;
}
