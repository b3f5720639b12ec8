import { CrmAuthError, CrmRefusedError, CrmUnavailableError } from '../domain/crm-connector.port';
import { zendeskErrorToCrm, zendeskStatusToCrm } from './zendesk-errors';

describe('Zendesk error mapping', () => {
  it('maps 429 and 5xx to unavailable, with Retry-After in ms', () => {
    const limited = zendeskStatusToCrm(
      429,
      { error: 'APIRateLimitExceeded', description: 'slow down' },
      '7',
    );
    expect(limited).toBeInstanceOf(CrmUnavailableError);
    expect(limited).toMatchObject({
      code: 'APIRateLimitExceeded',
      reason: 'slow down',
      retryAfterMs: 7_000,
    });
    expect(zendeskStatusToCrm(503, {}, null)).toMatchObject({
      code: 'HTTP 503',
      retryAfterMs: null,
    });
    expect(zendeskStatusToCrm(503, {}, 'Wed, 21 Oct 2015 07:28:00 GMT')).toMatchObject({
      retryAfterMs: null,
    });
  });

  it('maps 401 to auth and other 4xx to a refusal with the details', () => {
    expect(zendeskStatusToCrm(401, { error: "Couldn't authenticate you" }, null)).toBeInstanceOf(
      CrmAuthError,
    );
    const refused = zendeskStatusToCrm(
      422,
      {
        error: 'RecordInvalid',
        description: 'Record validation errors',
        details: { requester_id: [{ description: 'Requester is invalid' }] },
      },
      null,
    );
    expect(refused).toBeInstanceOf(CrmRefusedError);
    expect(refused).toMatchObject({
      status: 422,
      code: 'RecordInvalid',
      reason: 'Record validation errors - requester_id: Requester is invalid',
    });
    expect(
      zendeskStatusToCrm(
        403,
        { error: { title: 'Forbidden', message: 'You do not have access' } },
        null,
      ),
    ).toMatchObject({
      code: 'Forbidden',
      reason: 'You do not have access',
    });
  });

  it('maps thrown errors: with a status, a connection failure, or our own bug untouched', () => {
    const thrown = Object.assign(new Error('Zendesk Error (404): Item not found'), {
      statusCode: 404,
      result: { error: 'RecordNotFound', description: 'Not found' },
    });
    expect(zendeskErrorToCrm(thrown)).toMatchObject({ status: 404, code: 'RecordNotFound' });
    const reset = Object.assign(new Error('socket hang up'), {
      name: 'FetchError',
      code: 'ECONNRESET',
    });
    expect(zendeskErrorToCrm(reset)).toMatchObject({ code: 'ECONNRESET' });
    expect(zendeskErrorToCrm(reset)).toBeInstanceOf(CrmUnavailableError);
    const bug = new TypeError('x is undefined');
    expect(zendeskErrorToCrm(bug)).toBe(bug);
  });
});
