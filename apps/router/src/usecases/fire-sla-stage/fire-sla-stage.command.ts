import type { SlaChainTimer, SlaKind, SlaStage } from '@scb/routing';

/** One due SLA timer (the BullMQ delayed job's data). */
export interface FireSlaStageCommand {
  workItemId: string;
  kind: SlaKind;
  stage: SlaStage;
  /** ISO time the stage was due. */
  dueAt: string;
  /** The item's later timers, in due order; the next still running is armed. */
  next?: SlaChainTimer[];
}
