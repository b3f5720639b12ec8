import type { SocialMention } from '@scb/contracts';
import {
  BatchCaseMatcher,
  type LanguageDetector,
  type SentimentScorer,
} from './batch-case-matcher';
import type { MatchingSnapshot, MatchOutcome } from './case-decision';
import type { RuleSet } from './rule-set';

export const OUTCOMES = ['joined', 'new', 'ignored'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

/** What became of one mention, in the words the social team uses. */
export interface OutcomeSummary {
  outcome: OutcomeKind;
  /**
   * The case it went to: its number, or `new:<externalId>` for a case opened during the run by
   * that mention (ids of cases opened in a run are random, so they are named by their opener).
   */
  caseRef: string | null;
  category: string | null;
  priority: number | null;
  rulesFired: string[];
  tags: string[];
}

export interface DryRunChange {
  platform: string;
  externalId: string;
  authorHandle: string | null;
  text: string;
  before: OutcomeSummary;
  after: OutcomeSummary;
}

export interface DryRunReport {
  mentions: number;
  changed: number;
  counts: { before: Record<OutcomeKind, number>; after: Record<OutcomeKind, number> };
  /** `before→after` outcome pairs that changed, e.g. `new→ignored: 12`. */
  transitions: Record<string, number>;
  changes: DryRunChange[];
}

const outcomeOf = (o: MatchOutcome): OutcomeKind =>
  o.decision.kind === 'ignore' ? 'ignored' : o.decision.kind === 'open' ? 'new' : 'joined';

/** Outcomes of one run, with cases opened during the run named by the mention that opened them. */
function summarize(outcomes: MatchOutcome[]): OutcomeSummary[] {
  const openedBy = new Map<string, string>();
  return outcomes.map((o) => {
    const d = o.decision;
    if (d.kind === 'open') openedBy.set(d.target.caseId, `new:${o.mention.externalId}`);
    const caseRef = d.target
      ? (d.target.caseNumber ?? openedBy.get(d.target.caseId) ?? d.target.caseId)
      : null;
    return {
      outcome: outcomeOf(o),
      caseRef,
      category: d.kind === 'open' ? d.category : null,
      priority: d.kind === 'open' ? d.priority : null,
      rulesFired: d.explanation.rulesFired,
      tags: d.explanation.tags,
    };
  });
}

const same = (a: OutcomeSummary, b: OutcomeSummary) =>
  a.outcome === b.outcome &&
  a.caseRef === b.caseRef &&
  a.category === b.category &&
  a.priority === b.priority &&
  a.tags.join('\u0000') === b.tags.join('\u0000');

const zero = (): Record<OutcomeKind, number> => ({ joined: 0, new: 0, ignored: 0 });

/**
 * Decides the same mentions, in arrival order and against the same snapshot (the world before
 * the first of them), once with the rules in force and once with a draft, and reports what
 * would change. Pure: both runs use the matcher's own code and nothing is written, so a draft
 * equal to the rules in force reports no change at all.
 */
export function dryRunRuleSets(
  mentions: SocialMention[],
  snapshot: MatchingSnapshot,
  current: RuleSet,
  draft: RuleSet,
  scorers: { sentiment?: SentimentScorer; language?: LanguageDetector } = {},
): DryRunReport {
  const run = (rules: RuleSet) => {
    let n = 0;
    const matcher = new BatchCaseMatcher(
      () => `dry-run-${n++}`,
      scorers.sentiment,
      scorers.language,
    );
    return summarize(matcher.match(mentions, snapshot, rules));
  };
  const before = run(current);
  const after = run(draft);
  const report: DryRunReport = {
    mentions: mentions.length,
    changed: 0,
    counts: { before: zero(), after: zero() },
    transitions: {},
    changes: [],
  };
  mentions.forEach((m, i) => {
    report.counts.before[before[i].outcome] += 1;
    report.counts.after[after[i].outcome] += 1;
    if (same(before[i], after[i])) return;
    report.changed += 1;
    const key = `${before[i].outcome}→${after[i].outcome}`;
    report.transitions[key] = (report.transitions[key] ?? 0) + 1;
    report.changes.push({
      platform: m.platform,
      externalId: m.externalId,
      authorHandle: m.authorHandle,
      text: m.text,
      before: before[i],
      after: after[i],
    });
  });
  return report;
}

/** The lookups both runs need (identifiers depend on each rule set's patterns). */
export function dryRunLookups(mentions: SocialMention[], current: RuleSet, draft: RuleSet) {
  const matcher = new BatchCaseMatcher(() => 'unused');
  const a = matcher.forBatch(current).lookups(mentions);
  const b = matcher.forBatch(draft).lookups(mentions);
  return {
    caseNumbers: [...new Set([...a.caseNumbers, ...b.caseNumbers])],
    identifiers: [...a.identifiers, ...b.identifiers],
  };
}
