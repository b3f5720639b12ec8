import type { SlaKind, SlaStage, SlaTimer } from './sla-policy';

/** One SLA timer as a timer job carries it: the due time as an ISO string. */
export interface SlaChainTimer {
  kind: SlaKind;
  stage: SlaStage;
  /** ISO time the stage is due. */
  dueAt: string;
}

/** The timer to arm now and the later ones it carries (in due order), or null when none is left. */
export interface SlaChainStep {
  timer: SlaChainTimer;
  next: SlaChainTimer[];
}

/** Both SLA clocks, in schedule order. */
export const SLA_KINDS: readonly SlaKind[] = ['firstResponse', 'resolution'];

/**
 * An item's SLA timers as ONE chain: only the earliest is armed (one timer job per item instead
 * of four), and it carries the later ones so that whoever fires or cancels it arms the next.
 * Ordered by due time; timers due together keep their schedule order (first response at risk,
 * breached, then resolution). Null for no timers.
 */
export function slaTimerChain(timers: SlaTimer[]): SlaChainStep | null {
  const ordered = timers
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.dueAt.getTime() - b.t.dueAt.getTime() || a.i - b.i)
    .map(({ t }) => ({ kind: t.kind, stage: t.stage, dueAt: t.dueAt.toISOString() }));
  return nextSlaTimer(ordered, SLA_KINDS);
}

/**
 * The next timer of a chain whose clock still runs (`running`), with the rest after it: the
 * stages of a stopped clock (first response given, item completed) are dropped, as their timers
 * would fire on a met target. Null when nothing is left to arm.
 */
export function nextSlaTimer(
  later: SlaChainTimer[],
  running: readonly SlaKind[],
): SlaChainStep | null {
  const left = later.filter((t) => running.includes(t.kind));
  const [timer, ...next] = left;
  return timer ? { timer, next } : null;
}

/**
 * The clocks still running for an item: none once it is completed, only resolution once its
 * first response was given, both otherwise.
 */
export function runningSlaClocks(item: {
  status: 'queued' | 'assigned' | 'completed';
  firstRespondedAt: Date | null;
}): SlaKind[] {
  if (item.status === 'completed') return [];
  return item.firstRespondedAt ? ['resolution'] : [...SLA_KINDS];
}
