import { planFaults, seededRandom } from './fault-plan';

describe('chaos fault plan', () => {
  const options = { matcherKills: 5, routerKills: 5, replayKills: 2 };

  it('plans every requested fault once, in time order, inside the run', () => {
    const plan = planFaults(options, seededRandom(42));
    const count = (label: string) =>
      plan.filter(
        (p) => (p.fault.kind === 'kill' ? `kill ${p.fault.target}` : p.fault.kind) === label,
      ).length;

    expect(count('kill matcher')).toBe(5);
    expect(count('kill router')).toBe(5);
    expect(count('kill replay')).toBe(2);
    expect(['restart-kafka', 'restart-postgres', 'pair-start', 'pair-stop'].map(count)).toEqual([
      1, 1, 1, 1,
    ]);
    expect(plan.map((p) => p.at)).toEqual([...plan.map((p) => p.at)].sort((a, b) => a - b));
    expect(plan.every((p) => p.at >= 0.05 && p.at <= 0.9)).toBe(true);
  });

  it('starts the second matcher and router before it stops them, with room for kills between', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const plan = planFaults(options, seededRandom(seed));
      const start = plan.find((p) => p.fault.kind === 'pair-start')!.at;
      const stop = plan.find((p) => p.fault.kind === 'pair-stop')!.at;
      expect(stop - start).toBeGreaterThanOrEqual(0.25);
    }
  });

  it('gives the same schedule for the same seed, so a failing run can be replayed', () => {
    expect(planFaults(options, seededRandom(7))).toEqual(planFaults(options, seededRandom(7)));
    expect(planFaults(options, seededRandom(7))).not.toEqual(planFaults(options, seededRandom(8)));
  });
});
