import type { Database } from '../database';

/** The region phone numbers without a country code are read in (the port of the find use cases). */
export interface PhoneRegionSource {
  /** ISO 3166 alpha-2, e.g. `US`. */
  phoneDefaultCountry(): Promise<string>;
}

/**
 * The identifier settings of the newest matching rule set, so a number typed into a search is
 * read as the matcher reads it in a post (`identifiers.phoneDefaultCountry`, `US` by default).
 */
export class IdentifierSettingsRepository implements PhoneRegionSource {
  constructor(private readonly db: Database) {}

  async phoneDefaultCountry(): Promise<string> {
    const row = await this.db.one<{ country: string | null }>(
      `SELECT definition->'identifiers'->>'phoneDefaultCountry' AS country
         FROM matching_rule_sets ORDER BY version DESC LIMIT 1`,
    );
    return row?.country ?? 'US';
  }
}
