import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeXStream } from './fake-x-stream';

export interface FakeTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  lang: string;
  referenced_tweets?: Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }>;
  /** Accounts this tweet mentions (drives `/2/users/:id/mentions`). */
  mentions: string[];
  /** Any other v2 field, served as given (`note_tweet`, `entities`, `edit_history_tweet_ids`...). */
  [field: string]: unknown;
}

export interface FakeUser {
  id: string;
  username: string;
  name: string;
  verified: boolean;
  public_metrics: { followers_count: number };
}

export interface RecordedRequest {
  path: string;
  /** Which accepted token authorized it: the app-only bearer or the OAuth 2 user token. */
  auth: 'app' | 'user' | null;
  query: Record<string, string>;
  at: number;
  status: number;
}

/**
 * A local stand-in for the X API v2 (the documented wire format): `/2/users/:id/mentions` and
 * `/2/tweets/search/recent` with `since_id`, `max_results`, `pagination_token` / `next_token`,
 * answers with `data`, `includes.users` and `meta` (`newest_id`, `oldest_id`, `result_count`,
 * `next_token`), `x-rate-limit-*` headers on every answer, 429 on demand, and 401 without the
 * bearer token. Every request is recorded for assertions. The filtered stream and its rules are
 * in `FakeXStream` (`fakeX.stream`).
 */
export class FakeXServer {
  readonly requests: RecordedRequest[] = [];
  private readonly tweets: FakeTweet[] = [];
  private readonly users = new Map<string, FakeUser>();
  private server: Server | null = null;
  private nextId = 1_460_323_737_035_677_000n;
  private throttled = 0;
  private throttleSeconds = 1;
  private throttledPath: string | null = null;
  private failures = 0;
  private failuresPath: string | null = null;
  private refusals = 0;

  /** The filtered stream: its rules, connections, and `dropConnections()` for reconnect tests. */
  readonly stream: FakeXStream;

  private readonly userToken: string | null;

  /**
   * `heartbeatMs`: how often the stream sends its keep-alive `\r\n` (X: every 20 s);
   * `userToken`: an OAuth 2 user-context token accepted besides the app-only bearer token
   * (the filtered stream accepts only the app-only one, as on X).
   */
  constructor(
    private readonly bearerToken: string,
    options: { heartbeatMs?: number; userToken?: string } = {},
  ) {
    this.stream = new FakeXStream(options.heartbeatMs ?? 1_000);
    this.userToken = options.userToken ?? null;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/2/`;
  }

  async stop(): Promise<void> {
    this.stream.dropConnections();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  addUser(id: string, username: string, followers = 10): FakeUser {
    const user = {
      id,
      username,
      name: `User ${username}`,
      verified: false,
      public_metrics: { followers_count: followers },
    };
    this.users.set(id, user);
    return user;
  }

  /** Posts a tweet with the next (increasing) snowflake id. */
  post(authorId: string, text: string, mentions: string[] = [], replyTo?: string): FakeTweet {
    this.nextId += 1_000n + BigInt(this.tweets.length % 7);
    const id = this.nextId.toString();
    const tweet: FakeTweet = {
      id,
      text,
      author_id: authorId,
      created_at: new Date(Date.UTC(2026, 0, 1) + this.tweets.length * 1000).toISOString(),
      conversation_id: replyTo ?? id,
      lang: 'en',
      ...(replyTo ? { referenced_tweets: [{ type: 'replied_to' as const, id: replyTo }] } : {}),
      mentions,
    };
    this.tweets.push(tweet);
    const { mentions: _mentions, ...streamed } = tweet;
    this.stream.deliver(streamed, this.users.get(authorId));
    return tweet;
  }

  /**
   * Serves v2 tweet and user objects exactly as given (a recorded X answer): on the mention
   * timeline of `mentionsOf` (`mentions:<id>`), or only to recent search (`search`). Tweets keep
   * their own ids, so a post X indexed late (an id below one already served) can be added later.
   */
  serve(
    key: string,
    users: Array<Partial<FakeUser> & { id: string }>,
    tweets: Array<Record<string, unknown> & { id: string }>,
  ): void {
    for (const u of users)
      this.users.set(u.id, {
        username: u.id,
        name: u.id,
        verified: false,
        public_metrics: { followers_count: 0 },
        ...u,
      });
    const mentionsOf = key.startsWith('mentions:') ? [key.slice('mentions:'.length)] : [];
    for (const t of tweets)
      this.tweets.push({ ...(t as unknown as FakeTweet), mentions: mentionsOf });
  }

  /** The next `count` API requests (to `path` only, when given) get 429 with a reset `seconds` from now. */
  rateLimitNext(count: number, seconds = 1, path?: string): void {
    this.throttled = count;
    this.throttleSeconds = seconds;
    this.throttledPath = path ?? null;
  }

  /** The next `count` API requests get 401, whatever token they carry (a revoked token). */
  refuseNext(count: number): void {
    this.refusals = count;
  }

  private takeRefusal(): boolean {
    if (this.refusals === 0) return false;
    this.refusals -= 1;
    return true;
  }

  /**
   * The next `count` API requests (to `path` only, when given) get 503. Give the path when the
   * code under test also asks X in the background (the brand-account learner's `/2/users/me`
   * after a sent reply), or that question may take the failure meant for the next request.
   */
  failNext(count: number, path?: string): void {
    this.failures = count;
    this.failuresPath = path ?? null;
  }

  requestsTo(pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith(pathPrefix));
  }

  /** The user `GET /2/users/me` answers for the user-context token (the brand account). */
  meUser: { id: string; username: string; name: string } | null = null;

  /** Tweets created through `POST /2/tweets` (replies sent by agents), oldest first. */
  readonly created: Array<{ id: string; text: string; inReplyTo: string | null }> = [];

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.route(req, res, Buffer.concat(chunks).toString('utf8')));
      return;
    }
    this.route(req, res, '');
  }

  private route(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://fake-x');
    const header = req.headers.authorization;
    const auth =
      header === `Bearer ${this.bearerToken}`
        ? ('app' as const)
        : this.userToken && header === `Bearer ${this.userToken}`
          ? ('user' as const)
          : null;
    const query = Object.fromEntries(url.searchParams);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ path: url.pathname, auth, query, at: Date.now(), status });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    const reset = Math.ceil(Date.now() / 1000) + this.throttleSeconds;
    if (auth === 'user' && url.pathname.startsWith('/2/tweets/search/stream'))
      return reply(403, {
        title: 'Unsupported Authentication',
        detail:
          'Authenticating with OAuth 2.0 User Context is forbidden for this endpoint.  Supported authentication types are [OAuth 2.0 Application-Only].',
        type: 'https://api.twitter.com/2/problems/unsupported-authentication',
        status: 403,
      });
    if (!auth || this.takeRefusal())
      return reply(401, {
        title: 'Unauthorized',
        type: 'about:blank',
        status: 401,
        detail: 'Unauthorized',
      });
    if (this.throttled > 0 && (this.throttledPath ?? url.pathname) === url.pathname) {
      this.throttled -= 1;
      return reply(
        429,
        {
          title: 'Too Many Requests',
          detail: 'Too Many Requests',
          type: 'about:blank',
          status: 429,
        },
        {
          'x-rate-limit-limit': '450',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(reset),
        },
      );
    }
    if (this.failures > 0 && (this.failuresPath ?? url.pathname) === url.pathname) {
      this.failures -= 1;
      return reply(503, {
        title: 'Service Unavailable',
        detail: 'try again',
        type: 'about:blank',
        status: 503,
      });
    }
    const limits = {
      'x-rate-limit-limit': '450',
      'x-rate-limit-remaining': '449',
      'x-rate-limit-reset': String(reset + 899),
    };
    if (req.method === 'POST' && url.pathname === '/2/tweets') return this.createTweet(body, reply);
    // X answers `/2/users/me` only for a user-context token: the account the token acts as.
    if (url.pathname === '/2/users/me')
      return auth === 'user' && this.meUser
        ? reply(200, { data: this.meUser }, limits)
        : reply(403, {
            title: 'Unsupported Authentication',
            detail:
              'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.',
            type: 'https://api.twitter.com/2/problems/unsupported-authentication',
            status: 403,
          });
    if (url.pathname === '/2/tweets/search/stream/rules')
      return this.stream.rulesEndpoint(req.method, query, body, (status, answer, headers) =>
        reply(status, answer, { ...limits, ...headers }),
      );
    if (url.pathname === '/2/tweets/search/stream') {
      this.requests.push({ path: url.pathname, auth, query, at: Date.now(), status: 200 });
      return this.stream.streamEndpoint(req, res, (status, answer) => {
        this.requests[this.requests.length - 1].status = status;
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(answer));
      });
    }
    const mentions = /^\/2\/users\/([^/]+)\/mentions$/.exec(url.pathname);
    if (mentions) {
      const matching = this.tweets.filter((t) => t.mentions.includes(mentions[1]));
      return reply(200, this.page(matching, query, query.pagination_token), limits);
    }
    if (url.pathname === '/2/tweets/search/recent') {
      if (!query.query)
        return reply(400, { title: 'Invalid Request', detail: 'query is required', status: 400 });
      const term = query.query.toLowerCase();
      const matching = this.tweets.filter((t) => t.text.toLowerCase().includes(term));
      return reply(200, this.page(matching, query, query.next_token), limits);
    }
    return reply(404, {
      title: 'Not Found Error',
      detail: `no route ${url.pathname}`,
      status: 404,
    });
  }

  /** `POST /2/tweets`: `{ text, reply: { in_reply_to_tweet_id } }` → 201 `{ data: { id, text } }`. */
  private createTweet(body: string, reply: (status: number, body: unknown) => void): void {
    let parsed: { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return reply(400, { title: 'Invalid Request', detail: 'body is not JSON', status: 400 });
    }
    if (typeof parsed.text !== 'string' || parsed.text.length === 0 || parsed.text.length > 280)
      return reply(400, {
        title: 'Invalid Request',
        detail: 'text must be 1-280 characters',
        status: 400,
      });
    this.nextId += 1_000n;
    const id = this.nextId.toString();
    const inReplyTo =
      typeof parsed.reply?.in_reply_to_tweet_id === 'string'
        ? parsed.reply.in_reply_to_tweet_id
        : null;
    this.created.push({ id, text: parsed.text, inReplyTo });
    return reply(201, { data: { id, text: parsed.text, edit_history_tweet_ids: [id] } });
  }

  /** Newest first, after `since_id`, `max_results` a page; the token is the offset. */
  private page(matching: FakeTweet[], query: Record<string, string>, token: string | undefined) {
    const since = query.since_id ? BigInt(query.since_id) : -1n;
    const newestFirst = matching
      .filter((t) => BigInt(t.id) > since)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const size = Math.min(100, Math.max(5, Number(query.max_results ?? 10)));
    const offset = token ? Number(Buffer.from(token, 'base64url').toString()) : 0;
    const slice = newestFirst.slice(offset, offset + size);
    if (slice.length === 0) return { meta: { result_count: 0 } };
    const more = offset + size < newestFirst.length;
    const authors = [...new Set(slice.map((t) => t.author_id))];
    return {
      data: slice.map(({ mentions: _mentions, ...tweet }) => ({
        edit_history_tweet_ids: [tweet.id],
        ...tweet,
      })),
      includes: {
        users: authors.flatMap((id) => (this.users.has(id) ? [this.users.get(id)] : [])),
      },
      meta: {
        result_count: slice.length,
        newest_id: slice[0].id,
        oldest_id: slice[slice.length - 1].id,
        ...(more ? { next_token: Buffer.from(String(offset + size)).toString('base64url') } : {}),
      },
    };
  }
}
