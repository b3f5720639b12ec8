import type { ClientRequest } from 'node:http';
import { ApiRequestError } from 'twitter-api-v2';
import { xApiError } from './x-api.gateway';

/** A request as twitter-api-v2 keeps it on its errors: with the Authorization header. */
const request = {
  getHeaders: () => ({ authorization: 'Bearer secret-token-0123456789' }),
} as unknown as ClientRequest;

describe('xApiError', () => {
  it.each([
    ['as 1.29 builds it', { request, error: new Error('connect ECONNREFUSED 127.0.0.1:9') }],
    [
      'as its types describe it',
      { request, requestError: new Error('connect ECONNREFUSED 127.0.0.1:9') },
    ],
  ])('turns a failed request (%s) into its cause, without the request', (_, options) => {
    const error = xApiError(
      new ApiRequestError(
        'Request failed.',
        options as ConstructorParameters<typeof ApiRequestError>[1],
      ),
      'tweets/search/recent',
    ) as Error;
    expect(error.message).toBe(
      'X API tweets/search/recent: request failed: connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(error).not.toBeInstanceOf(ApiRequestError);
    expect(JSON.stringify(error) + String(Object.values(error))).not.toContain('secret-token');
  });
});
