import { mentionKey } from '@scb/contracts';
import { aCase, aMatchingSnapshot, aMention } from '@scb/testing';
import { RuleSet } from './rule-set';
import { dryRunLookups, dryRunRuleSets } from './rule-set.dry-run';

const ignoreRefunds = {
  rules: [
    {
      id: 'ignore-refunds',
      when: { type: 'textContainsAny', values: ['refund'] },
      then: { ignore: true },
    },
  ],
};

describe('dryRunRuleSets', () => {
  const current = RuleSet.parse({}, 3);

  it('reports no change when the draft equals the rules in force', () => {
    const mentions = [aMention({ authorId: 'a' }), aMention({ authorId: 'a' }), aMention()];
    const report = dryRunRuleSets(mentions, aMatchingSnapshot(), current, RuleSet.parse({}, 0));
    expect(report).toMatchObject({
      mentions: 3,
      changed: 0,
      counts: { before: { new: 2, joined: 1, ignored: 0 } },
      changes: [],
    });
  });

  it('lists each mention whose outcome changes, before → after, with counts', () => {
    const known = aMention({ text: 'where is my refund' });
    const open = aCase('c1');
    const snapshot = aMatchingSnapshot({
      customerByAuthor: new Map([[mentionKey(known), 'c1']]),
      casesByCustomer: new Map([['c1', [open]]]),
    });
    const first = aMention({ authorId: 'b', text: 'I want a refund' });
    const second = aMention({ authorId: 'b', text: 'still broken' });
    const untouched = aMention({ text: 'app crashes' });

    const report = dryRunRuleSets(
      [known, first, second, untouched],
      snapshot,
      current,
      RuleSet.parse(ignoreRefunds, 0),
    );

    expect(report.counts).toEqual({
      before: { joined: 2, new: 2, ignored: 0 },
      after: { joined: 0, new: 2, ignored: 2 },
    });
    // The second post of author b now opens the case the first one no longer opens.
    expect(report.transitions).toEqual({ 'joined→ignored': 1, 'new→ignored': 1, 'joined→new': 1 });
    expect(report.changes.map((c) => [c.externalId, c.before.caseRef, c.after.caseRef])).toEqual([
      [known.externalId, open.caseNumber, null],
      [first.externalId, `new:${first.externalId}`, null],
      [second.externalId, `new:${first.externalId}`, `new:${second.externalId}`],
    ]);
    expect(report.changes[0].after).toMatchObject({
      outcome: 'ignored',
      rulesFired: ['ignore-refunds'],
    });
  });

  it('looks up the identifiers of both rule sets', () => {
    const mention = aMention({ text: 'account ACC-12345 and CS-000001' });
    const draft = RuleSet.parse({ identifiers: { accountNumber: 'ACC-\\d{5}' } }, 0);
    expect(dryRunLookups([mention], current, draft)).toEqual({
      caseNumbers: ['CS-000001'],
      identifiers: [{ kind: 'account', value: 'ACC-12345' }],
    });
  });
});
