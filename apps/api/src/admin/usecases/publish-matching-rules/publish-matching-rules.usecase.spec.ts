import type { Principal } from '@scb/auth';
import { ValidationError } from '@scb/core';
import { RuleSetValidationError, type RuleSetDefinition } from '@scb/matching';
import type { StoredRuleSet } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { PublishMatchingRules } from './publish-matching-rules.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'Admin',
  role: 'admin',
  agentId: null,
};

class InMemoryRuleSets {
  readonly versions: StoredRuleSet[] = [];

  async publishValidated(normalized: unknown, author: string, note: string): Promise<number> {
    const version = this.versions.length + 1;
    const definition = normalized as RuleSetDefinition;
    this.versions.push({ version, definition, author, note, createdAt: new Date(0) });
    return version;
  }

  async get(version: number): Promise<StoredRuleSet | null> {
    return this.versions.find((v) => v.version === version) ?? null;
  }
}

describe('PublishMatchingRules', () => {
  function setUp(validate: (definition: unknown) => Promise<unknown>) {
    const rules = new InMemoryRuleSets();
    const log = new InMemoryAuditLog();
    const publish = new PublishMatchingRules(
      rules,
      { validate },
      new AuditTrail(new InMemoryUnitOfWork(), log),
    );
    return { rules, log, publish };
  }

  it('saves the normalized definition as the next version, by the actor unless an author is given', async () => {
    const { rules, log, publish } = setUp(async (d) => ({ ...(d as object), normalized: true }));
    expect(await publish.execute({ actor: admin, definition: { rules: [] }, note: 'first' })).toBe(
      1,
    );
    expect(
      await publish.execute({ actor: admin, definition: { rules: [] }, author: 'Ops', note: '' }),
    ).toBe(2);
    expect(rules.versions.map((v) => [v.author, v.definition])).toEqual([
      ['Admin', { rules: [], normalized: true }],
      ['Ops', { rules: [], normalized: true }],
    ]);
    expect(log.entries[1]).toMatchObject({
      entity: 'matching_rules',
      action: 'publish',
      entityId: '2',
      before: { version: 1 },
      after: { version: 2, author: 'Ops' },
    });
  });

  it('refuses an invalid rule set with its field paths under definition., saving nothing', async () => {
    const { rules, log, publish } = setUp(async () => {
      throw new RuleSetValidationError([
        { path: 'rules.0.pattern', message: 'not a regular expression' },
      ]);
    });
    const refused = publish.execute({ actor: admin, definition: { rules: [{}] }, note: '' });
    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toMatchObject({
      message: 'Invalid rule set',
      errors: [{ path: 'definition.rules.0.pattern', message: 'not a regular expression' }],
    });
    expect(rules.versions).toEqual([]);
    expect(log.entries).toEqual([]);
  });
});
