import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeStreamRule {
  id: string;
  value: string;
  tag?: string;
}

/** The tweet fields the stream sends (those `/2/tweets/search/stream` documents). */
export interface FakeStreamTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  lang: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

const RULE_MAX_LENGTH = 1_024;

/**
 * The filtered stream of the fake X: `GET/POST /2/tweets/search/stream/rules` with the documented
 * bodies (`data`, `meta.sent`, `meta.result_count`, `meta.summary` with created / not_created /
 * valid / invalid or deleted / not_deleted, `errors` for duplicates and unknown ids, `dry_run`),
 * and `GET /2/tweets/search/stream`: a chunked response of newline-delimited JSON
 * (`data`, `includes.users`, `matching_rules`) with `\r\n` keep-alive heartbeats, one connection
 * at a time (a second one gets 429 TooManyConnections, as on X).
 *
 * Rule matching is a small subset of X's syntax: every word and "quoted phrase" must appear in
 * the text (case-insensitive); operators (`-is:retweet`, `lang:en`) are ignored.
 */
export class FakeXStream {
  private readonly rules = new Map<string, FakeStreamRule>();
  private readonly connections = new Set<ServerResponse>();
  private nextRuleId = 1_585_000_000_000_000_000n;
  /** How many times a client connected, for assertions on reconnects. */
  connects = 0;

  constructor(private readonly heartbeatMs: number) {}

  get activeRules(): FakeStreamRule[] {
    return [...this.rules.values()];
  }

  get connected(): number {
    return this.connections.size;
  }

  /** Adds rules directly (as if left over from an earlier deployment). */
  seedRule(value: string, tag?: string): FakeStreamRule {
    const rule = { id: String((this.nextRuleId += 1n)), value, ...(tag ? { tag } : {}) };
    this.rules.set(rule.id, rule);
    return rule;
  }

  rulesEndpoint(
    method: string | undefined,
    query: Record<string, string>,
    body: string,
    reply: Reply,
  ): void {
    const sent = new Date().toISOString();
    if (method === 'GET') {
      const rules = this.activeRules;
      return reply(
        200,
        rules.length > 0
          ? { data: rules, meta: { sent, result_count: rules.length } }
          : { meta: { sent, result_count: 0 } },
      );
    }
    let parsed: { add?: Array<{ value?: unknown; tag?: unknown }>; delete?: { ids?: unknown } };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return reply(400, invalidRequest('body is not JSON'));
    }
    const dryRun = query.dry_run === 'true';
    if (Array.isArray(parsed.add)) return reply(200, this.add(parsed.add, dryRun, sent));
    if (parsed.delete && Array.isArray(parsed.delete.ids))
      return reply(200, this.remove(parsed.delete.ids.map(String), dryRun, sent));
    return reply(400, invalidRequest('body must have "add" or "delete"'));
  }

  /** Opens the stream: 200, chunked, heartbeats until the client or `dropConnections` ends it. */
  streamEndpoint(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    if (this.connections.size > 0)
      return reply(429, {
        title: 'ConnectionException',
        detail: 'This stream is currently at the maximum allowed connection limit.',
        connection_issue: 'TooManyConnections',
        type: 'https://api.twitter.com/2/problems/streaming-connection',
      });
    this.connects += 1;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.flushHeaders();
    this.connections.add(res);
    const heartbeat = setInterval(() => res.write('\r\n'), this.heartbeatMs);
    const done = () => {
      clearInterval(heartbeat);
      this.connections.delete(res);
    };
    res.on('close', done);
    req.on('close', done);
  }

  /** Sends a new tweet to every connection whose rules it matches. */
  deliver(tweet: FakeStreamTweet, author: unknown): void {
    const matching = this.activeRules.filter((r) => matches(r.value, tweet.text));
    if (matching.length === 0) return;
    const line = JSON.stringify({
      data: { ...tweet, edit_history_tweet_ids: [tweet.id] },
      includes: { users: author ? [author] : [] },
      matching_rules: matching.map((r) => ({ id: r.id, ...(r.tag ? { tag: r.tag } : {}) })),
    });
    for (const res of this.connections) res.write(`${line}\r\n`);
  }

  /** Writes a raw line (a malformed one, say) to every connection. */
  sendRaw(line: string): void {
    for (const res of this.connections) res.write(`${line}\r\n`);
  }

  /** Cuts every stream connection, as a network failure or an X restart would. */
  dropConnections(): void {
    for (const res of [...this.connections]) {
      this.connections.delete(res);
      res.destroy();
    }
  }

  private add(items: Array<{ value?: unknown; tag?: unknown }>, dryRun: boolean, sent: string) {
    const created: FakeStreamRule[] = [];
    const errors: unknown[] = [];
    let invalid = 0;
    for (const item of items) {
      const value = typeof item.value === 'string' ? item.value : '';
      const existing = this.activeRules.find((r) => r.value === value);
      if (!value || value.length > RULE_MAX_LENGTH) {
        invalid += 1;
        errors.push({
          value,
          title: 'RuleLengthExceeded',
          type: 'https://api.twitter.com/2/problems/invalid-rules',
        });
      } else if (existing || created.some((r) => r.value === value)) {
        errors.push({
          value,
          id: existing?.id,
          title: 'DuplicateRule',
          type: 'https://api.twitter.com/2/problems/duplicate-rules',
        });
      } else {
        const tag = typeof item.tag === 'string' ? item.tag : undefined;
        created.push({ id: String((this.nextRuleId += 1n)), value, ...(tag ? { tag } : {}) });
      }
    }
    if (!dryRun) for (const rule of created) this.rules.set(rule.id, rule);
    const summary = {
      created: created.length,
      not_created: items.length - created.length,
      valid: items.length - invalid,
      invalid,
    };
    return {
      ...(created.length > 0 ? { data: created } : {}),
      meta: { sent, summary },
      ...(errors.length > 0 ? { errors } : {}),
    };
  }

  private remove(ids: string[], dryRun: boolean, sent: string) {
    const known = ids.filter((id) => this.rules.has(id));
    const unknown = ids.filter((id) => !this.rules.has(id));
    if (!dryRun) for (const id of known) this.rules.delete(id);
    return {
      meta: { sent, summary: { deleted: known.length, not_deleted: unknown.length } },
      ...(unknown.length > 0
        ? {
            errors: unknown.map((id) => ({
              errors: [{ parameters: {}, message: 'Rule does not exist' }],
              title: 'DeleteRulesError',
              value: id,
            })),
          }
        : {}),
    };
  }
}

function invalidRequest(detail: string) {
  return {
    title: 'Invalid Request',
    detail,
    type: 'https://api.twitter.com/2/problems/invalid-request',
    status: 400,
  };
}

/** Words and "quoted phrases" of a rule, operators left out. */
function matches(rule: string, text: string): boolean {
  const terms = [...rule.matchAll(/-?"([^"]+)"|(\S+)/g)]
    .filter((m) => !m[0].startsWith('-') && !(m[2] ?? '').includes(':'))
    .map((m) => (m[1] ?? m[2]).toLowerCase());
  const haystack = text.toLowerCase();
  return terms.length > 0 && terms.every((t) => haystack.includes(t));
}
