import { Agent as HttpAgent } from 'node:http';
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  TwitterApi,
} from 'twitter-api-v2';
import { z } from 'zod';
import { type Clock, systemClock } from '@scb/core';
import { X_TWEET_QUERY, XRateLimitedError, type XPage, type XTimeline } from '@scb/social-sources';

export interface XApiOptions {
  /** The v2 prefix, `https://api.x.com/2/` in production, a local fake in tests. */
  baseUrl: string;
  /** App-only bearer token (recent search; mention timelines too when there is no user token). */
  bearerToken: string | null;
  /** OAuth 2 user-context token of the brand account, for its mention timelines. */
  userAccessToken?: string | null;
  pageSize: number;
}

const PageBody = z.object({
  data: z.array(z.looseObject({ id: z.string(), text: z.string() })).optional(),
  includes: z
    .looseObject({ users: z.array(z.looseObject({ id: z.string() })).optional() })
    .optional(),
  meta: z.looseObject({ next_token: z.string().optional() }).optional(),
});

/**
 * The client sends through node's https module; an http agent lets it talk to a plain-http fake
 * in tests (a real deployment keeps the https default).
 */
export function createXClient(baseUrl: string, bearerToken: string): TwitterApi {
  const plain = baseUrl.startsWith('http:');
  return new TwitterApi(
    bearerToken,
    plain ? { httpAgent: new HttpAgent({ keepAlive: true }) } : {},
  );
}

/**
 * A `twitter-api-v2` error as ours: 429 with its reset instant, other answers with status and
 * body, a failed request or a cut-off answer with its cause. Never the library's error itself:
 * its `request` holds the `Authorization: Bearer` header, one careless dump away from a log.
 */
export function xApiError(error: unknown, endpoint: string, clock: Clock = systemClock): unknown {
  if (error instanceof ApiResponseError && error.code === 429) {
    const reset = error.rateLimit?.reset;
    return new XRateLimitedError(
      new Date(reset ? reset * 1000 : clock.now().getTime() + DEFAULT_RESET_MS),
    );
  }
  if (error instanceof ApiResponseError)
    return new Error(
      `X API ${endpoint}: HTTP ${error.code} ${JSON.stringify(error.data).slice(0, 300)}`,
    );
  if (error instanceof ApiRequestError)
    return new Error(`X API ${endpoint}: request failed: ${requestCause(error)}`);
  if (error instanceof ApiPartialResponseError)
    return new Error(`X API ${endpoint}: ${error.message}: ${error.responseError?.message}`);
  return error;
}

/**
 * Why a request failed (ECONNREFUSED, a timeout, ...): 1.29 keeps it as `_options.error` while its
 * `requestError` getter reads `_options.requestError`, so read both.
 */
function requestCause(error: ApiRequestError): string {
  const options = (error as unknown as { _options?: { error?: unknown; requestError?: unknown } })
    ._options;
  const cause = (options?.requestError ?? options?.error) as { message?: unknown } | undefined;
  // Duck-typed: node's own errors fail `instanceof Error` across realms (jest's sandbox).
  return typeof cause?.message === 'string' && cause.message ? cause.message : error.message;
}

/** How long to wait after a 429 that did not say (should not happen: X always sends the reset). */
const DEFAULT_RESET_MS = 60_000;

/**
 * The X API v2 through `twitter-api-v2` (app-only bearer token): the mention timeline of an account
 * and recent search, one page per call, with a 429 turned into `XRateLimitedError` carrying the
 * `x-rate-limit-reset` instant.
 */
export class XApiGateway {
  private readonly appClient: TwitterApi | null;
  private readonly userClient: TwitterApi | null;

  constructor(private readonly options: XApiOptions) {
    const client = (token: string | null | undefined) =>
      token ? createXClient(options.baseUrl, token) : null;
    this.appClient = client(options.bearerToken);
    this.userClient = client(options.userAccessToken);
  }

  mentions(userId: string): XTimeline {
    return {
      fetchPage: ({ sinceId, pageToken }) =>
        this.page(
          this.userClient ?? this.appClient,
          `users/${encodeURIComponent(userId)}/mentions`,
          {
            ...(sinceId ? { since_id: sinceId } : {}),
            ...(pageToken ? { pagination_token: pageToken } : {}),
          },
        ),
    };
  }

  search(query: string): XTimeline {
    return {
      fetchPage: ({ sinceId, pageToken }) =>
        this.page(this.appClient, 'tweets/search/recent', {
          query,
          ...(sinceId ? { since_id: sinceId } : {}),
          ...(pageToken ? { next_token: pageToken } : {}),
        }),
    };
  }

  private async page(
    client: TwitterApi | null,
    endpoint: string,
    params: Record<string, string>,
  ): Promise<XPage> {
    if (!client) throw new Error(`X API ${endpoint}: no token configured for it`);
    let body: unknown;
    try {
      const response = await client.v2.get(
        endpoint,
        { ...X_TWEET_QUERY, max_results: this.options.pageSize, ...params },
        { prefix: this.options.baseUrl, fullResponse: true },
      );
      body = response.data;
    } catch (error) {
      throw xApiError(error, endpoint);
    }
    const parsed = PageBody.safeParse(body);
    if (!parsed.success)
      throw new Error(`X API ${endpoint}: unexpected body: ${parsed.error.message}`);
    return {
      tweets: parsed.data.data ?? [],
      users: parsed.data.includes?.users ?? [],
      nextToken: parsed.data.meta?.next_token ?? null,
    };
  }
}
