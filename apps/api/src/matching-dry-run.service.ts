import {
  afinnSentiment,
  dryRunLookups,
  dryRunRuleSets,
  RuleSet,
  tinyldLanguage,
} from '@scb/matching';
import type { MatchingDryRunRepository, MatchingRulesRepository } from '@scb/persistence';

/**
 * Runs a draft rule set and the rules in force over the last N stored mentions with the
 * matcher's own pure code and reports what would change; nothing is written.
 */
export class MatchingDryRunService {
  constructor(
    private readonly rules: MatchingRulesRepository,
    private readonly dryRuns: MatchingDryRunRepository,
  ) {}

  /** Throws `RuleSetValidationError` (field paths) when the draft is invalid. */
  async run(definition: unknown, limit: number) {
    const draft = RuleSet.parse(definition, 0);
    const version = await this.rules.latestVersion();
    const current =
      version > 0 ? RuleSet.parse(await this.rules.load(version), version) : RuleSet.defaults();
    const { mentions, snapshot, asOf } = await this.dryRuns.load(limit, (m) =>
      dryRunLookups(m, current, draft),
    );
    const report = dryRunRuleSets(mentions, snapshot, current, draft, {
      sentiment: afinnSentiment,
      language: tinyldLanguage,
    });
    return { currentVersion: version, asOf, ...report };
  }
}
