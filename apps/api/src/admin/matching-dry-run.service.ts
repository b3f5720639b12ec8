import { Inject, Injectable } from '@nestjs/common';
import { MatchingDryRunRepository, MatchingRulesRepository } from '@scb/persistence';
import { ApiSettings } from '../config/api-settings';
import { RuleCheckSession } from '../rule-check/rule-check.host';
import { ruleSetChecked } from './rule-set-errors';

/**
 * Runs a draft rule set and the rules in force over the last N stored mentions with the
 * matcher's own pure code and reports what would change; nothing is written. Validation,
 * compilation and evaluation run in a worker thread (issue #14.3): the api keeps answering.
 */
@Injectable()
export class MatchingDryRunService {
  /** `RULE_CHECK_BUDGET_MS`: the time validating and compiling may take. */
  private readonly budgetMs: number;

  constructor(
    private readonly rules: MatchingRulesRepository,
    private readonly dryRuns: MatchingDryRunRepository,
    @Inject(ApiSettings) settings: Pick<ApiSettings, 'RULE_CHECK_BUDGET_MS'>,
  ) {
    this.budgetMs = settings.RULE_CHECK_BUDGET_MS;
  }

  /**
   * Throws `ValidationError` (field paths under `definition.`) when the draft is invalid, 422
   * `rule_set_too_costly` when validating and compiling exceed the budget.
   */
  run(definition: unknown, limit: number) {
    return ruleSetChecked(() => this.report(definition, limit));
  }

  private async report(definition: unknown, limit: number) {
    const session = new RuleCheckSession(this.budgetMs);
    try {
      const version = await this.rules.latestVersion();
      const current = version > 0 ? await this.rules.load(version) : undefined;
      await session.parse(definition, current, version);
      const { mentions, snapshot, asOf } = await this.dryRuns.load(limit, (m) =>
        session.lookups(m),
      );
      const report = await session.report(mentions, snapshot);
      return { currentVersion: version, asOf, ...report };
    } finally {
      await session.close();
    }
  }

  /**
   * Validates and compiles a rule set to publish, off the event loop and within the budget:
   * its normalized definition. Throws `RuleSetValidationError` (paths in the definition) when it
   * is invalid, 422 `rule_set_too_costly` as {@link run} does.
   */
  async validate(definition: unknown): Promise<unknown> {
    const session = new RuleCheckSession(this.budgetMs);
    try {
      return await session.parse(definition);
    } finally {
      await session.close();
    }
  }
}
