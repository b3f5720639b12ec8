export type Fault =
  | { kind: 'kill'; target: 'matcher' | 'router' | 'replay' }
  | { kind: 'restart-kafka' }
  | { kind: 'restart-postgres' }
  | { kind: 'pair-start' }
  | { kind: 'pair-stop' };

/** A fault fired when `at` (0..1) of the replay's planned duration has passed. */
export interface PlannedFault {
  at: number;
  fault: Fault;
}

export interface PlanOptions {
  matcherKills: number;
  routerKills: number;
  replayKills: number;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Random moments for every fault, between 5% and 90% of the replay so each one hits a pipeline
 * with work in flight. A second matcher and router run from 15–30% to 55–70%.
 */
export function planFaults(options: PlanOptions, random: () => number): PlannedFault[] {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const plan: PlannedFault[] = [
    { at: between(0.15, 0.3), fault: { kind: 'pair-start' } },
    { at: between(0.55, 0.7), fault: { kind: 'pair-stop' } },
    { at: between(0.1, 0.8), fault: { kind: 'restart-kafka' } },
    { at: between(0.1, 0.8), fault: { kind: 'restart-postgres' } },
  ];
  for (let i = 0; i < options.matcherKills; i += 1)
    plan.push({ at: between(0.05, 0.9), fault: { kind: 'kill', target: 'matcher' } });
  for (let i = 0; i < options.routerKills; i += 1)
    plan.push({ at: between(0.05, 0.9), fault: { kind: 'kill', target: 'router' } });
  for (let i = 0; i < options.replayKills; i += 1)
    plan.push({ at: between(0.05, 0.8), fault: { kind: 'kill', target: 'replay' } });
  return plan.sort((a, b) => a.at - b.at);
}
