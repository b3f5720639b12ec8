import { parseCrmCsv } from './crm-csv.parser';

async function* chunks(text: string, size = 7): AsyncIterable<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const HEADER =
  'crm_id,display_name,tier,platform,external_user_id,handle,email,phone,account_number,crm_case_id,case_status,case_category,case_priority,case_resolved_at\n';

describe('parseCrmCsv', () => {
  it('folds the rows of one crm_id into one customer with its identities, identifiers and cases', async () => {
    const csv =
      HEADER +
      'c-1,"Lee, Ana",gold,x,111,@lee,lee@example.com,+1 415 555 2671,AC-1,k-1,open,billing,2,\n' +
      'c-1,,,facebook,222,,,,,k-2,resolved,,,2026-01-02T03:04:05Z\n' +
      'c-2,Bo,,,,,,,,,,,,\n';

    const parsed = await parseCrmCsv(chunks(csv));

    expect(parsed).toEqual({
      ok: true,
      customers: [
        {
          crmId: 'c-1',
          displayName: 'Lee, Ana',
          tier: 'gold',
          identities: [
            { platform: 'x', externalUserId: '111', handle: '@lee' },
            { platform: 'facebook', externalUserId: '222', handle: null },
          ],
          identifiers: [
            { kind: 'email', value: 'lee@example.com' },
            { kind: 'phone', value: '+1 415 555 2671' },
            { kind: 'account', value: 'AC-1' },
          ],
          cases: [
            {
              crmCaseId: 'k-1',
              status: 'open',
              category: 'billing',
              priority: 2,
              resolvedAt: null,
            },
            {
              crmCaseId: 'k-2',
              status: 'resolved',
              category: null,
              priority: 3,
              resolvedAt: '2026-01-02T03:04:05Z',
            },
          ],
        },
        expect.objectContaining({ crmId: 'c-2', displayName: 'Bo', tier: 'standard', cases: [] }),
      ],
    });
  });

  it('takes an X account the CRM knows only by its handle; refuses a handle without a platform', async () => {
    const parsed = await parseCrmCsv(chunks('crm_id,platform,handle\nc-3,x,@ModemMia\n'));
    expect(parsed).toMatchObject({
      ok: true,
      customers: [{ identities: [{ platform: 'x', externalUserId: null, handle: '@ModemMia' }] }],
    });
    const refused = await parseCrmCsv(chunks('crm_id,handle\nc-3,@ModemMia\n'));
    expect(refused).toMatchObject({
      ok: false,
      errors: [{ row: 1, column: 'handle', message: 'a handle needs platform on the same row' }],
    });
    const empty = await parseCrmCsv(chunks('crm_id,platform\nc-3,x\n'));
    expect(empty).toMatchObject({ ok: false, errors: [{ column: 'external_user_id' }] });
  });

  it('accepts the columns in any order and only the ones needed', async () => {
    const parsed = await parseCrmCsv(chunks('email,crm_id\r\na@b.io,c-9\r\n'));
    expect(parsed).toMatchObject({
      ok: true,
      customers: [{ crmId: 'c-9', identifiers: [{ kind: 'email', value: 'a@b.io' }] }],
    });
  });

  it('names the row, line and column of every bad cell', async () => {
    const csv =
      HEADER +
      'c-1,,,x,111,,,,,k-1,open,,9,\n' +
      ',,,,,,a@b.io,,,,,,,\n' +
      'c-3,,,myspace,333,,,,,,,,,\n' +
      'c-4,,,,,,,,,,,,x,\n' +
      'c-5,,,,,,,,,,closed,,,\n' +
      'c-1,,platinum,,,,,,,,,,,\n' +
      'c-1,,gold,,,,,,,,,,,\n';

    const parsed = await parseCrmCsv(chunks(csv));

    expect(parsed).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ row: 1, line: 2, column: 'case_priority' }),
        expect.objectContaining({
          row: 2,
          line: 3,
          column: 'crm_id',
          message: 'required on every row',
        }),
        expect.objectContaining({ row: 3, line: 4, column: 'platform' }),
        expect.objectContaining({ row: 4, line: 5, column: 'case_priority' }),
        expect.objectContaining({ row: 5, line: 6, column: 'case_status' }),
        expect.objectContaining({
          row: 7,
          line: 8,
          column: 'tier',
          message: expect.stringContaining('row 6'),
        }),
      ],
    });
  });

  it('counts lines inside quoted cells, so the line points at the file', async () => {
    const parsed = await parseCrmCsv(
      chunks('crm_id,display_name,tier\nc-1,"two\nlines",\nc-2,,"  "\n,x,\n'),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [expect.objectContaining({ row: 3, line: 5, column: 'crm_id' })],
    });
  });

  it('counts CRLF line breaks inside quoted cells and blank lines once each', async () => {
    const parsed = await parseCrmCsv(
      chunks('crm_id,display_name\r\n\r\nc-1,"two\r\nlines"\r\n\r\nc-2,x"y\r\n,z\r\n'),
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [expect.objectContaining({ row: 3, line: 7, column: 'crm_id' })],
    });
  });

  it('names the line where an unterminated quoted cell starts', async () => {
    expect(await parseCrmCsv(chunks('crm_id\nc-1\n\n"c-2\n'))).toEqual({
      ok: false,
      errors: [
        {
          row: 0,
          line: 4,
          column: '(file)',
          message: 'unterminated quoted field in the record starting on line 4',
        },
      ],
    });
  });

  it('refuses an unknown column, a missing crm_id column and an empty file', async () => {
    expect(await parseCrmCsv(chunks('crm_id,colour\nc-1,red\n'))).toEqual({
      ok: false,
      errors: [expect.objectContaining({ row: 0, line: 1, column: 'colour' })],
    });
    expect(await parseCrmCsv(chunks('email\na@b.io\n'))).toMatchObject({
      ok: false,
      errors: [{ column: 'crm_id' }],
    });
    expect(await parseCrmCsv(chunks('crm_id\n"c-1\n'))).toMatchObject({
      ok: false,
      errors: [{ column: '(file)', message: expect.stringContaining('unterminated') }],
    });
    expect(await parseCrmCsv(chunks(''))).toMatchObject({
      ok: false,
      errors: [{ column: '(file)' }],
    });
  });
});
