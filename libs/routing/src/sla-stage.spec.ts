import { decideSlaStage, type SlaStageItem } from './sla-stage';
import { SlaPolicySchema } from './sla-policy';

const waiting: SlaStageItem = {
  queue: 'desk',
  priority: 4,
  status: 'queued',
  firstRespondedAt: null,
};
const policy = SlaPolicySchema.parse({
  escalation: {
    toQueue: 'escalations',
    notify: ['social-supervisors', 'https://hooks.example/sla'],
  },
});
const exists = (name: string) => name === 'escalations';

describe('decideSlaStage', () => {
  it('records nothing when the target was met', () => {
    const breach = { kind: 'firstResponse', stage: 'breached' } as const;
    expect(decideSlaStage(breach, { ...waiting, status: 'completed' }, policy, exists)).toEqual({
      kind: 'met',
    });
    expect(
      decideSlaStage(breach, { ...waiting, firstRespondedAt: new Date() }, policy, exists),
    ).toEqual({ kind: 'met' });
    // A first response does not meet the resolution target.
    expect(
      decideSlaStage(
        { kind: 'resolution', stage: 'atRisk' },
        { ...waiting, firstRespondedAt: new Date() },
        policy,
        exists,
      ).kind,
    ).toBe('fire');
  });

  it('only records an at-risk stage', () => {
    expect(
      decideSlaStage({ kind: 'resolution', stage: 'atRisk' }, waiting, policy, exists),
    ).toEqual({
      kind: 'fire',
      after: { queue: 'desk', priority: 4 },
      notify: [],
      escalation: null,
    });
  });

  it('escalates a waiting item on breach: priority up, to the policy queue, supervisors told', () => {
    expect(
      decideSlaStage({ kind: 'firstResponse', stage: 'breached' }, waiting, policy, exists),
    ).toEqual({
      kind: 'fire',
      after: { queue: 'escalations', priority: 3 },
      notify: [
        { target: 'social-supervisors', channel: 'in-app' },
        { target: 'https://hooks.example/sla', channel: 'webhook' },
      ],
      escalation: {
        priority: [4, 3],
        queue: ['desk', 'escalations'],
        notify: ['social-supervisors', 'https://hooks.example/sla'],
      },
    });
  });

  it('keeps a held item with its agent, and an item whose target queue does not exist in place', () => {
    const breach = { kind: 'firstResponse', stage: 'breached' } as const;
    const held = decideSlaStage(breach, { ...waiting, status: 'assigned' }, policy, exists);
    expect(held).toMatchObject({ after: { queue: 'desk', priority: 3 } });
    const nowhere = decideSlaStage(breach, waiting, policy, () => false);
    expect(nowhere).toMatchObject({ after: { queue: 'desk', priority: 3 } });
  });
});
