import { ETwitterStreamEvent, TwitterApiv2 } from 'twitter-api-v2';
import { z } from 'zod';
import {
  X_TWEET_QUERY,
  type XFilteredStream,
  type XStreamConnection,
  type XStreamHandlers,
  type XStreamRule,
  type XStreamRuleSpec,
} from '@scb/social-sources';
import { createXClient, xApiError } from './x-api.gateway';

export interface XStreamGatewayOptions {
  /** The v2 prefix, `https://api.x.com/2/` in production, a local fake in tests. */
  baseUrl: string;
  bearerToken: string;
  /** No post and no keep-alive for this long means the connection stalled (X beats every 20 s). */
  stallMs: number;
}

/**
 * The v2 client on another prefix (a local fake in tests). `cloneWithPrefix` would be the way, but
 * in 1.29 it calls the class constructor without `new` and throws; `setPrefix` is protected.
 */
class PrefixedV2 extends TwitterApiv2 {
  constructor(client: ConstructorParameters<typeof TwitterApiv2>[0], prefix: string) {
    super(client);
    this.setPrefix(prefix);
  }
}

const StreamLine = z.object({
  data: z.looseObject({ id: z.string(), text: z.string() }),
  includes: z
    .looseObject({ users: z.array(z.looseObject({ id: z.string() })).optional() })
    .optional(),
  matching_rules: z
    .array(z.looseObject({ id: z.union([z.string(), z.number()]), tag: z.string().optional() }))
    .optional(),
});

const Summary = z.looseObject({
  meta: z.looseObject({ summary: z.looseObject({}).optional() }).optional(),
  errors: z.array(z.unknown()).optional(),
});

/**
 * The filtered stream through `twitter-api-v2` (`searchStream`, `streamRules`,
 * `updateStreamRules`). The library's own reconnection is off: `XStreamSource` reconnects, so it
 * can wait out a 429 until its reset and report each state.
 */
export class XStreamGateway implements XFilteredStream {
  private readonly v2: TwitterApiv2;

  constructor(private readonly options: XStreamGatewayOptions) {
    this.v2 = new PrefixedV2(createXClient(options.baseUrl, options.bearerToken), options.baseUrl);
  }

  async rules(): Promise<XStreamRule[]> {
    try {
      const response = await this.v2.streamRules();
      return (response.data ?? []).map((r) => ({ id: r.id, value: r.value, tag: r.tag }));
    } catch (error) {
      throw xApiError(error, 'tweets/search/stream/rules');
    }
  }

  async addRules(rules: XStreamRuleSpec[]): Promise<void> {
    const response = await this.update(() => this.v2.updateStreamRules({ add: rules }));
    const summary = response.meta?.summary as { not_created?: number } | undefined;
    if ((summary?.not_created ?? 0) > 0 || (response.errors?.length ?? 0) > 0)
      throw new Error(`X refused stream rules: ${JSON.stringify(response.errors).slice(0, 500)}`);
  }

  async deleteRules(ids: string[]): Promise<void> {
    const response = await this.update(() => this.v2.updateStreamRules({ delete: { ids } }));
    const summary = response.meta?.summary as { not_deleted?: number } | undefined;
    if ((summary?.not_deleted ?? 0) > 0)
      throw new Error(`X did not delete stream rules: ${JSON.stringify(response).slice(0, 500)}`);
  }

  async connect(handlers: XStreamHandlers): Promise<XStreamConnection> {
    const stream = this.v2.searchStream({
      ...(X_TWEET_QUERY as Record<string, string>),
      autoConnect: false,
    });
    stream.on(ETwitterStreamEvent.Data, (payload: unknown) => {
      const line = StreamLine.safeParse(payload);
      if (!line.success)
        return handlers.onMalformed(
          JSON.stringify(payload),
          `unreadable stream line: ${line.error.message}`,
        );
      handlers.onPost({
        tweet: line.data.data,
        users: line.data.includes?.users ?? [],
        matchingRules: (line.data.matching_rules ?? []).map((r) => ({ ...r, id: String(r.id) })),
      });
    });
    stream.on(ETwitterStreamEvent.DataKeepAlive, () => handlers.onHeartbeat());
    stream.on(ETwitterStreamEvent.DataError, (payload: unknown) =>
      handlers.onMalformed(JSON.stringify(payload), 'X sent an error payload on the stream'),
    );
    stream.on(ETwitterStreamEvent.TweetParseError, (error: Error) =>
      handlers.onMalformed(String(error), 'stream line is not JSON'),
    );
    let reason = 'closed';
    stream.on(ETwitterStreamEvent.ConnectionError, (error: Error) => (reason = error.message));
    stream.on(ETwitterStreamEvent.ConnectionLost, () => {
      reason = `stalled: nothing for ${this.options.stallMs} ms`;
    });
    const closed = new Promise<string>((resolve) =>
      stream.on(ETwitterStreamEvent.ConnectionClosed, () => resolve(reason)),
    );
    try {
      await stream.connect({ autoReconnect: false, keepAliveTimeout: this.options.stallMs });
    } catch (error) {
      stream.removeAllListeners();
      throw xApiError(error, 'tweets/search/stream');
    }
    return { closed, close: () => stream.close() };
  }

  private async update(send: () => Promise<unknown>) {
    let response: unknown;
    try {
      response = await send();
    } catch (error) {
      throw xApiError(error, 'tweets/search/stream/rules');
    }
    const parsed = Summary.safeParse(response);
    if (!parsed.success)
      throw new Error(`X stream rules: unexpected body: ${parsed.error.message}`);
    return parsed.data;
  }
}
