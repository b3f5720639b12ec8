import {
  findPhoneNumbersInText,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js';
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

/**
 * A pattern compiled twice: a cheap test first, since most mentions carry no identifier, and the
 * global scan (much slower in RE2's bindings) only on the texts that have one.
 */
class Finder {
  private readonly probe: SafePattern;
  private readonly scan: SafePattern;

  constructor(source: string, caseInsensitive: boolean) {
    this.probe = compileSafePattern(source, caseInsensitive ? 'i' : '');
    this.scan = compileSafePattern(source, caseInsensitive ? 'gi' : 'g');
  }

  all(text: string, normalize: (s: string) => string): string[] {
    if (!this.probe.test(text)) return [];
    const found = new Set<string>();
    for (const match of text.matchAll(this.scan)) found.add(normalize(match[0]));
    return [...found];
  }
}

// Seven or more digits with the usual separators: the least a phone number has.
const PHONE_PROBE = '\\d[\\d\\s().-]{5,}\\d';

/** Finds case numbers, account numbers, emails and phone numbers with the admin's patterns. */
export class IdentifierExtractor {
  private readonly caseNumber: Finder;
  private readonly accountNumber: Finder | null;
  private readonly email: Finder | null;
  private readonly phoneProbe: SafePattern;
  private readonly phoneCountry: CountryCode | null;

  constructor(patterns: IdentifierPatterns) {
    this.caseNumber = new Finder(wordBounded(patterns.caseNumber), true);
    this.accountNumber = patterns.accountNumber
      ? new Finder(wordBounded(patterns.accountNumber), true)
      : null;
    this.email = patterns.emails ? new Finder(EMAIL, false) : null;
    this.phoneProbe = compileSafePattern(PHONE_PROBE);
    this.phoneCountry = patterns.phones ? (patterns.phoneDefaultCountry as CountryCode) : null;
  }

  extract(text: string): ExtractedIdentifiers {
    const emails = this.email?.all(text, lower) ?? [];
    const phoneText = blank(text, emails);
    return {
      caseNumbers: this.caseNumber.all(text, upper),
      accountNumbers: this.accountNumber?.all(text, upper) ?? [],
      emails,
      // Emails are blanked first so digits inside them are not read as a phone number.
      phones:
        this.phoneCountry && this.phoneProbe.test(phoneText)
          ? phonesIn(phoneText, this.phoneCountry)
          : [],
    };
  }
}

/** `CS-\d{6}` must not match inside `CS-0001234`; the admin should not have to write `\b`. */
function wordBounded(pattern: string): string {
  return `\\b(?:${pattern})\\b`;
}

const upper = (s: string) => s.toUpperCase();
const lower = (s: string) => s.toLowerCase();

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

/**
 * The form an identifier on file is stored in, so it compares equal to what the extractor finds
 * in a post; null when it is not a valid identifier of its kind.
 */
export function normalizeIdentifier(
  kind: 'email' | 'phone' | 'account',
  value: string,
  phoneDefaultCountry = 'US',
): string | null {
  const trimmed = value.trim();
  if (kind === 'email') return trimmed.includes('@') ? trimmed.toLowerCase() : null;
  if (kind === 'account') return trimmed.length > 0 ? trimmed.toUpperCase() : null;
  const phone = parsePhoneNumberFromString(trimmed, phoneDefaultCountry as CountryCode);
  return phone?.isValid() ? phone.number : null;
}
