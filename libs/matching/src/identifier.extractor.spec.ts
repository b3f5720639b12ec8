import { IdentifierExtractor, normalizeIdentifier } from './identifier.extractor';
import { IdentifierPatternsSchema } from './matching-rule.schema';

const extractor = (patterns: Record<string, unknown> = {}) =>
  new IdentifierExtractor(IdentifierPatternsSchema.parse(patterns));

describe('IdentifierExtractor', () => {
  it('finds case numbers with the default pattern, upper-cased, whole tokens only', () => {
    const ids = extractor().extract('re cs-000123 and CS-000456, not CS-0001234 or XCS-000789');
    expect(ids.caseNumbers).toEqual(['CS-000123', 'CS-000456']);
  });

  it('uses an admin case-number pattern instead of the default', () => {
    const ids = extractor({ caseNumber: 'TKT\\d{4}' }).extract('ticket TKT1234, old CS-000001');
    expect(ids.caseNumbers).toEqual(['TKT1234']);
  });

  it('finds account numbers only when a pattern is configured', () => {
    expect(extractor().extract('account AC-12345678').accountNumbers).toEqual([]);
    const ids = extractor({ accountNumber: 'AC-\\d{8}' }).extract('account ac-12345678 please');
    expect(ids.accountNumbers).toEqual(['AC-12345678']);
  });

  it('finds emails, lower-cased and de-duplicated', () => {
    const ids = extractor().extract(
      'mail Jane.Doe+spot@Example.co.uk or jane.doe+spot@example.co.uk',
    );
    expect(ids.emails).toEqual(['jane.doe+spot@example.co.uk']);
  });

  it('normalizes phone numbers to E.164, reading local ones in the default country', () => {
    expect(extractor().extract('call me at (415) 555-2671 tonight').phones).toEqual([
      '+14155552671',
    ]);
    expect(extractor({ phoneDefaultCountry: 'GB' }).extract('ring 020 7946 0018').phones).toEqual([
      '+442079460018',
    ]);
    expect(extractor().extract('from abroad +44 20 7946 0018').phones).toEqual(['+442079460018']);
  });

  it('does not read case numbers, dates or emails as phone numbers', () => {
    const ids = extractor().extract('CS-000123 on 2026-01-05, mail 4155552671@example.com');
    expect(ids.phones).toEqual([]);
    expect(ids.emails).toEqual(['4155552671@example.com']);
  });

  it('can turn email and phone extraction off', () => {
    const ids = extractor({ emails: false, phones: false }).extract('a@b.io +1 415 555 2671');
    expect(ids).toMatchObject({ emails: [], phones: [] });
  });

  it('finishes on a long adversarial input', () => {
    const text = `${'a'.repeat(50_000)}@${'b.'.repeat(20_000)}`;
    expect(extractor({ accountNumber: '(a+)+$' }).extract(text).caseNumbers).toEqual([]);
  });
});

describe('normalizeIdentifier', () => {
  it('stores identifiers in the form the extractor finds them', () => {
    expect(normalizeIdentifier('email', ' Kim@Example.ORG ')).toBe('kim@example.org');
    expect(normalizeIdentifier('account', 'ac-123456')).toBe('AC-123456');
    expect(normalizeIdentifier('phone', '(415) 555-2671')).toBe('+14155552671');
    expect(normalizeIdentifier('phone', '020 7946 0018', 'GB')).toBe('+442079460018');
    expect(normalizeIdentifier('phone', '12')).toBeNull();
    expect(normalizeIdentifier('email', 'nope')).toBeNull();
  });
});
