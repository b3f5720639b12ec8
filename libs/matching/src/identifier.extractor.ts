import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import type { IdentifierPatterns } from './matching-rule.schema';
import { compileSafePattern, type SafePattern } from './safe-pattern';

/** Identifiers found in a mention's text, normalized so they compare equal to stored ones. */
export interface ExtractedIdentifiers {
  /** Upper-cased, e.g. `CS-000123`. */
  caseNumbers: string[];
  /** Upper-cased, as matched by the account-number pattern. */
  accountNumbers: string[];
  /** Lower-cased. */
  emails: string[];
  /** E.164, e.g. `+14155550123`. */
  phones: string[];
}

export const NO_IDENTIFIERS: ExtractedIdentifiers = {
  caseNumbers: [],
  accountNumbers: [],
  emails: [],
  phones: [],
};

// Fixed (not admin-supplied) and free of nested quantifiers; still run by RE2 like the others.
const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}';

/** Finds case numbers, account numbers, emails and phone numbers with the admin's patterns. */
export class IdentifierExtractor {
  private readonly caseNumber: SafePattern;
  private readonly accountNumber: SafePattern | null;
  private readonly email: SafePattern | null;
  private readonly phoneCountry: CountryCode | null;

  constructor(patterns: IdentifierPatterns) {
    this.caseNumber = compileSafePattern(wordBounded(patterns.caseNumber), 'gi');
    this.accountNumber = patterns.accountNumber
      ? compileSafePattern(wordBounded(patterns.accountNumber), 'gi')
      : null;
    this.email = patterns.emails ? compileSafePattern(EMAIL, 'g') : null;
    this.phoneCountry = patterns.phones ? (patterns.phoneDefaultCountry as CountryCode) : null;
  }

  extract(text: string): ExtractedIdentifiers {
    const emails = this.email ? allMatches(this.email, text, lower) : [];
    return {
      caseNumbers: allMatches(this.caseNumber, text, upper),
      accountNumbers: this.accountNumber ? allMatches(this.accountNumber, text, upper) : [],
      emails,
      // Emails are blanked first so digits inside them are not read as a phone number.
      phones: this.phoneCountry ? phonesIn(blank(text, emails), this.phoneCountry) : [],
    };
  }
}

/** `CS-\d{6}` must not match inside `CS-0001234`; the admin should not have to write `\b`. */
function wordBounded(pattern: string): string {
  return `\\b(?:${pattern})\\b`;
}

const upper = (s: string) => s.toUpperCase();
const lower = (s: string) => s.toLowerCase();

function allMatches(
  pattern: SafePattern,
  text: string,
  normalize: (s: string) => string,
): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(pattern)) found.add(normalize(match[0]));
  return [...found];
}

function blank(text: string, emails: string[]): string {
  let result = text;
  for (const email of emails) result = result.replace(new RegExp(escape(email), 'gi'), ' ');
  return result;
}

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function phonesIn(text: string, country: CountryCode): string[] {
  const found = new Set<string>();
  for (const hit of findPhoneNumbersInText(text, country)) {
    if (hit.number.isValid()) found.add(hit.number.number);
  }
  return [...found];
}
