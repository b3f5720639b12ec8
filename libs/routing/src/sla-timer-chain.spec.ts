import { SlaPolicySchema, slaSchedule } from './sla-policy';
import { nextSlaTimer, runningSlaClocks, slaTimerChain } from './sla-timer-chain';

const at = (iso: string) => new Date(iso);
const stages = (step: { timer: { kind: string; stage: string }; next: (typeof step.timer)[] }) =>
  [step.timer, ...step.next].map((t) => `${t.kind}.${t.stage}`);

describe('slaTimerChain', () => {
  it('arms the earliest timer and carries the others in due order, across both clocks', () => {
    // Resolution at risk (80% of 1,000 s) comes before the first-response breach (900 s).
    const policy = SlaPolicySchema.parse({
      targets: { '3': { firstResponseSeconds: 900, resolutionSeconds: 1_000 } },
    });
    const schedule = slaSchedule(policy, 3, at('2026-01-01T00:00:00Z'))!;
    const step = slaTimerChain(schedule.timers)!;
    expect(step.timer).toEqual({
      kind: 'firstResponse',
      stage: 'atRisk',
      dueAt: '2026-01-01T00:12:00.000Z',
    });
    expect(stages(step)).toEqual([
      'firstResponse.atRisk',
      'resolution.atRisk',
      'firstResponse.breached',
      'resolution.breached',
    ]);
    expect(step.next.map((t) => t.dueAt)).toEqual([
      '2026-01-01T00:13:20.000Z',
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:16:40.000Z',
    ]);
  });

  it('keeps the schedule order for timers due together, and has nothing for no timers', () => {
    const same = at('2026-01-01T01:00:00Z');
    const step = slaTimerChain([
      { kind: 'firstResponse', stage: 'breached', dueAt: same },
      { kind: 'resolution', stage: 'atRisk', dueAt: same },
      { kind: 'firstResponse', stage: 'atRisk', dueAt: at('2026-01-01T00:30:00Z') },
    ])!;
    expect(stages(step)).toEqual([
      'firstResponse.atRisk',
      'firstResponse.breached',
      'resolution.atRisk',
    ]);
    expect(slaTimerChain([])).toBeNull();
  });
});

describe('nextSlaTimer', () => {
  const later = [
    { kind: 'firstResponse', stage: 'breached', dueAt: '2026-01-01T00:15:00.000Z' },
    { kind: 'resolution', stage: 'atRisk', dueAt: '2026-01-01T00:20:00.000Z' },
    { kind: 'resolution', stage: 'breached', dueAt: '2026-01-01T00:25:00.000Z' },
  ] as const;

  it('arms the next stage of a running clock and skips those of a stopped one', () => {
    expect(stages(nextSlaTimer([...later], ['firstResponse', 'resolution'])!)).toEqual([
      'firstResponse.breached',
      'resolution.atRisk',
      'resolution.breached',
    ]);
    // First response given: its breach is dropped, the resolution clock runs on.
    expect(stages(nextSlaTimer([...later], ['resolution'])!)).toEqual([
      'resolution.atRisk',
      'resolution.breached',
    ]);
  });

  it('ends the chain when no clock runs or no stage is left', () => {
    expect(nextSlaTimer([...later], [])).toBeNull();
    expect(nextSlaTimer([], ['firstResponse', 'resolution'])).toBeNull();
    expect(nextSlaTimer([later[0]], ['resolution'])).toBeNull();
  });
});

describe('runningSlaClocks', () => {
  it('stops the first-response clock when answered and both when completed', () => {
    expect(runningSlaClocks({ status: 'queued', firstRespondedAt: null })).toEqual([
      'firstResponse',
      'resolution',
    ]);
    expect(runningSlaClocks({ status: 'assigned', firstRespondedAt: new Date() })).toEqual([
      'resolution',
    ]);
    expect(runningSlaClocks({ status: 'completed', firstRespondedAt: null })).toEqual([]);
  });
});
