import { RuleSet } from './rule-set';

/** Where rule-set versions are stored (Postgres in production). */
export interface RuleSetSource {
  /** 0 when no version was ever saved. */
  latestVersion(): Promise<number>;
  load(version: number): Promise<unknown>;
}

/**
 * Holds the rule set the matcher decides with and swaps it when a newer version appears. Asking
 * for the latest version number is one cheap query, so it can be polled every few seconds; the
 * definition is loaded and compiled only when the number changes.
 */
export class RuleSetProvider {
  private ruleSet = RuleSet.defaults();

  constructor(private readonly source: RuleSetSource) {}

  current(): RuleSet {
    return this.ruleSet;
  }

  /** Returns the new version when it changed, null otherwise. */
  async refresh(): Promise<number | null> {
    const latest = await this.source.latestVersion();
    if (latest === this.ruleSet.version) return null;
    this.ruleSet =
      latest === 0 ? RuleSet.defaults() : RuleSet.parse(await this.source.load(latest), latest);
    return latest;
  }
}
