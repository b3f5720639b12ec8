import { Inject, Injectable } from '@nestjs/common';
import { MatchingRulesRepository } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import { MatchingDryRunService } from '../../matching-dry-run.service';
import { ruleSetChecked } from '../../rule-set-errors';
import type { PublishMatchingRulesCommand } from './publish-matching-rules.command';

/** Publishes a matching rule set as a new version, audited with the version it replaces. */
@Injectable()
export class PublishMatchingRules {
  constructor(
    @Inject(MatchingRulesRepository)
    private readonly rules: Pick<MatchingRulesRepository, 'publishValidated' | 'get'>,
    @Inject(MatchingDryRunService)
    private readonly checker: Pick<MatchingDryRunService, 'validate'>,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The new version number. Throws `ValidationError` (paths under `definition.`) for an invalid
   * rule set, 422 `rule_set_too_costly` when validating and compiling exceed the budget.
   */
  async execute(command: PublishMatchingRulesCommand): Promise<number> {
    const { actor } = command;
    // Validated and compiled in a worker thread within the budget (issue #14.3).
    const normalized = await ruleSetChecked(() => this.checker.validate(command.definition));
    return ruleSetChecked(() =>
      this.audit.change(actor, { entity: 'matching_rules', action: 'publish' }, async () => {
        const saved = await this.rules.publishValidated(
          normalized,
          command.author ?? actor.name,
          command.note,
        );
        const [before, after] = await Promise.all([
          this.rules.get(saved - 1),
          this.rules.get(saved),
        ]);
        return { result: saved, entityId: String(saved), before, after };
      }),
    );
  }
}
