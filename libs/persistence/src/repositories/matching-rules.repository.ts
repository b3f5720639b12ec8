import type { DataSource, EntityManager } from 'typeorm';
import { RuleSet, type RuleSetDefinition, type RuleSetSource } from '@scb/matching';

export interface StoredRuleSet {
  version: number;
  definition: RuleSetDefinition;
  author: string;
  note: string;
  createdAt: Date;
}

/**
 * Versioned matching rules: every change is a new row with its author and time, never an update,
 * so any interaction's `rule_set_version` still says exactly which rules decided it.
 */
export class MatchingRulesRepository implements RuleSetSource {
  constructor(private readonly dataSource: DataSource) {}

  async latestVersion(): Promise<number> {
    const [row]: Array<{ version: number }> = await this.dataSource.query(
      `SELECT coalesce(max(version), 0)::int AS version FROM matching_rule_sets`,
    );
    return row.version;
  }

  async load(version: number): Promise<RuleSetDefinition> {
    const stored = await this.get(version);
    if (!stored) throw new Error(`matching rule set version ${version} does not exist`);
    return stored.definition;
  }

  async get(
    version: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<StoredRuleSet | null> {
    const rows: Array<{
      version: number;
      definition: RuleSetDefinition;
      author: string;
      note: string;
      created_at: Date;
    }> = await manager.query(
      `SELECT version, definition, author, note, created_at FROM matching_rule_sets WHERE version = $1`,
      [version],
    );
    return rows.length === 0 ? null : { ...rows[0], createdAt: rows[0].created_at };
  }

  /**
   * Validates the definition (a `RuleSetValidationError` names each bad field) and saves it as
   * the next version. The table lock makes concurrent saves take consecutive numbers. Pass a
   * transaction to save inside it (with the audit entry of the change).
   */
  async publish(
    definition: unknown,
    author: string,
    note = '',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    return this.publishValidated(RuleSet.parse(definition, 0).definition, author, note, manager);
  }

  /**
   * Saves a definition that `RuleSet.parse` already accepted and normalized (the api does so in
   * a worker thread, off its event loop) as the next version, as {@link publish} does.
   */
  async publishValidated(
    normalized: unknown,
    author: string,
    note = '',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    return manager.transaction(async (tx) => {
      await tx.query(`LOCK TABLE matching_rule_sets IN EXCLUSIVE MODE`);
      const [row]: Array<{ version: number }> = await tx.query(
        `INSERT INTO matching_rule_sets (version, definition, author, note)
         SELECT coalesce(max(version), 0) + 1, $1::jsonb, $2, $3 FROM matching_rule_sets
         RETURNING version`,
        [JSON.stringify(normalized), author, note],
      );
      return row.version;
    });
  }
}
