import { describeEvidence, trustLabel } from './identity-evidence';

describe('trustLabel', () => {
  it.each([
    ['claimed', 'unverified'],
    ['proven', 'proven'],
    [null, 'proven'],
  ])('%p → %p', (trust, label) => expect(trustLabel(trust)).toBe(label));
});

describe('describeEvidence', () => {
  const date = (iso: string) => iso.slice(0, 10);

  it('names the identifier a claim gave and the post it gave it in', () => {
    expect(
      describeEvidence({ kind: 'phone', value: '+13125322341', externalId: '1790000000000000001' }),
    ).toBe('gave phone number +13125322341 in post 1790000000000000001');
  });

  it('words each kind of evidence, and an unknown kind as it is', () => {
    expect(describeEvidence({ kind: 'case-number', value: 'CS-000012' })).toBe(
      'gave case number CS-000012',
    );
    expect(describeEvidence({ kind: 'email', value: 'a@b.example' })).toBe(
      'gave email a@b.example',
    );
    expect(describeEvidence({ kind: 'loyalty', value: 'L-1' })).toBe('gave loyalty L-1');
  });

  it('adds who confirmed a claim and when', () => {
    expect(
      describeEvidence(
        {
          kind: 'phone',
          value: '+13125322341',
          externalId: '17',
          confirmedBy: 'ana@example.com',
          confirmedAt: '2026-11-30T11:00:00.000Z',
        },
        date,
      ),
    ).toBe(
      'gave phone number +13125322341 in post 17 · confirmed by ana@example.com on 2026-11-30',
    );
  });

  it('tells a detached account by the claim it was detached for', () => {
    expect(
      describeEvidence(
        {
          detachedFrom: '0b6f3c1e-0000-4000-8000-000000000001',
          detachedAt: '2026-11-30T11:05:00.000Z',
          claim: { kind: 'phone', value: '+13125322341', externalId: '18' },
        },
        date,
      ),
    ).toBe(
      'gave phone number +13125322341 in post 18 · detached from another customer on 2026-11-30',
    );
  });

  it.each([[null], [undefined], ['text'], [[1]], [{}], [{ kind: 'phone' }]])(
    'shows nothing for %p',
    (evidence) => expect(describeEvidence(evidence)).toBeNull(),
  );
});
