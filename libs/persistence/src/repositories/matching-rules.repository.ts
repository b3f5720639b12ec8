import { RuleSet, type RuleSetDefinition, type RuleSetSource } from '@scb/matching';
import type { Database } from '../database';
import { MatchingRuleSetEntity } from '../entities/matching-rule-set.entity';

export interface StoredRuleSet {
  version: number;
  definition: RuleSetDefinition;
  author: string;
  note: string;
  createdAt: Date;
}

/**
 * Versioned matching rules: every change is a new row with its author and time, never an update,
 * so any interaction's `rule_set_version` still says exactly which rules decided it. Joins the
 * current unit of work (`Database.run`) when there is one.
 */
export class MatchingRulesRepository implements RuleSetSource {
  constructor(private readonly db: Database) {}

  private get ruleSets() {
    return this.db.manager.getRepository(MatchingRuleSetEntity);
  }

  /** 0 when no rule set was ever published. */
  async latestVersion(): Promise<number> {
    const newest = await this.ruleSets.maximum('version');
    return newest ?? 0;
  }

  /** Throws when the version does not exist. */
  async load(version: number): Promise<RuleSetDefinition> {
    const stored = await this.get(version);
    if (!stored) throw new Error(`matching rule set version ${version} does not exist`);
    return stored.definition;
  }

  async get(version: number): Promise<StoredRuleSet | null> {
    const found = await this.ruleSets.findOneBy({ version });
    return found
      ? {
          version: found.version,
          definition: found.definition,
          author: found.author,
          note: found.note,
          createdAt: found.createdAt,
        }
      : null;
  }

  /**
   * Validates the definition (a `RuleSetValidationError` names each bad field) and saves it as
   * the next version. The table lock makes concurrent saves take consecutive numbers. Inside a
   * unit of work it saves in it (with the audit entry of the change).
   */
  async publish(definition: unknown, author: string, note = ''): Promise<number> {
    return this.publishValidated(RuleSet.parse(definition, 0).definition, author, note);
  }

  /**
   * Saves a definition that `RuleSet.parse` already accepted and normalized (the api does so in
   * a worker thread, off its event loop) as the next version, as {@link publish} does.
   */
  async publishValidated(normalized: unknown, author: string, note = ''): Promise<number> {
    return this.db.run(async () => {
      await this.db.execute(`LOCK TABLE matching_rule_sets IN EXCLUSIVE MODE`);
      const row = await this.db.one<Pick<MatchingRuleSetEntity, 'version'>>(
        `INSERT INTO matching_rule_sets (version, definition, author, note)
         SELECT coalesce(max(version), 0) + 1, $1::jsonb, $2, $3 FROM matching_rule_sets
         RETURNING version`,
        [JSON.stringify(normalized), author, note],
      );
      return row!.version;
    });
  }
}
