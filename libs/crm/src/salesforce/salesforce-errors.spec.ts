import { CrmAuthError, CrmRefusedError, CrmUnavailableError } from '../domain/crm-connector.port';
import { salesforceErrorToCrm } from './salesforce-errors';

/** What jsforce throws for an API error body `[{"message","errorCode"}]`. */
const apiError = (errorCode: string, message: string) =>
  Object.assign(new Error(message), { name: errorCode, errorCode });

describe('Salesforce error mapping', () => {
  it.each(['REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'ERROR_HTTP_503'])(
    '%s is transient',
    (code) => {
      const mapped = salesforceErrorToCrm(apiError(code, 'try later'));
      expect(mapped).toBeInstanceOf(CrmUnavailableError);
      expect(mapped).toMatchObject({ code, reason: 'try later' });
    },
  );

  it('connection failures are transient', () => {
    const reset = Object.assign(new Error('socket hang up'), {
      name: 'FetchError',
      code: 'ECONNRESET',
    });
    expect(salesforceErrorToCrm(reset)).toMatchObject({ code: 'ECONNRESET' });
  });

  it('token and session refusals are auth errors', () => {
    expect(
      salesforceErrorToCrm(
        Object.assign(new Error('invalid client credentials'), { name: 'invalid_client' }),
      ),
    ).toBeInstanceOf(CrmAuthError);
    expect(
      salesforceErrorToCrm(
        new Error('Unable to refresh session due to: expired authorization code'),
      ),
    ).toBeInstanceOf(CrmAuthError);
    expect(
      salesforceErrorToCrm(new Error('Unable to refresh session due to: ERROR_HTTP_503')),
    ).toBeInstanceOf(CrmUnavailableError);
  });

  it('anything else is a refusal of the record with Salesforce words', () => {
    const mapped = salesforceErrorToCrm(
      apiError('INVALID_FIELD', "No such column 'Foo__c' on sobject of type Case"),
    );
    expect(mapped).toBeInstanceOf(CrmRefusedError);
    expect(mapped).toMatchObject({
      code: 'INVALID_FIELD',
      status: 400,
      reason: "No such column 'Foo__c' on sobject of type Case",
    });
    const many = Object.assign(new Error('Multiple errors returned.'), {
      errorCode: 'MULTIPLE_API_ERRORS',
      data: [
        { errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [ParentId]' },
      ],
    });
    expect(salesforceErrorToCrm(many)).toMatchObject({
      code: 'REQUIRED_FIELD_MISSING',
      reason: 'Required fields are missing: [ParentId]',
    });
  });
});
