import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** Where a request carried its access token: the Graph API takes any of them. */
export type TokenPlacement = 'header' | 'query' | 'body' | 'none';

/**
 * A local stand-in for the Meta Graph API endpoints an agent's reply uses, in their documented
 * wire format: `POST /{comment-or-post-id}/comments` and `POST /{ig-comment-id}/replies` answer
 * `{ id }`, `POST /me/messages` answers `{ recipient_id, message_id }`; a wrong or missing
 * `access_token` (query, body or `Authorization: Bearer`) gets the Graph error shape with code 190.
 * `tokenPlacements` says where each request carried the token, so tests can prove it never
 * travelled in a URL. With `accounts` set, `GET /me` answers the page and
 * `GET /{created-id}?fields=from` the account a created reply was posted as (the page for
 * Facebook comments, the Instagram business account for Instagram replies).
 */
export class FakeMetaGraphServer {
  readonly calls: GraphCall[] = [];
  readonly tokenPlacements: TokenPlacement[] = [];
  /** GET requests (the product asking who posted a reply), with where their token was. */
  readonly reads: Array<{ path: string; placement: TokenPlacement }> = [];
  private server: Server | null = null;
  private sequence = 0;
  /** The page and Instagram business account the page token acts as. */
  accounts: { pageId: string; instagramId: string } | null = null;
  /**
   * Instagram mentions `GET /{ig-user-id}?fields=mentioned_comment.comment_id(ID){...}` and
   * `mentioned_media.media_id(ID){...}` answer (IG Comment / IG Media fields, as Meta sends them).
   */
  readonly mentionedComments = new Map<string, Record<string, unknown>>();
  readonly mentionedMedia = new Map<string, Record<string, unknown>>();
  /** The next `count` reads answer 500 with a Graph error (transient). */
  failReadsNext = 0;
  /** Created reply id → who posted it. */
  private readonly createdFrom = new Map<string, 'page' | 'instagram'>();

  constructor(private readonly accessToken: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v21.0/`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://fake-graph');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(400, { error: { message: 'Invalid JSON', type: 'OAuthException', code: 100 } });
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const placement: TokenPlacement = url.searchParams.has('access_token')
      ? 'query'
      : body.access_token !== undefined
        ? 'body'
        : bearer !== undefined
          ? 'header'
          : 'none';
    // Reads (who posted a reply) are kept apart from what was posted, so `calls` and
    // `tokenPlacements` keep meaning "what the product sent to Meta".
    const read = req.method === 'GET';
    if (read) this.reads.push({ path: url.pathname, placement });
    else this.tokenPlacements.push(placement);
    const token = url.searchParams.get('access_token') ?? body.access_token ?? bearer;
    if (token !== this.accessToken)
      return send(400, {
        error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 },
      });
    const path = url.pathname.replace(/^\/v[\d.]+/, '');
    if (!read) this.calls.push({ method: req.method ?? 'GET', path, body });
    this.sequence += 1;
    if (req.method === 'POST' && /^\/[^/]+\/(comments|replies)$/.test(path)) {
      if (typeof body.message !== 'string' || body.message.length === 0)
        return send(400, {
          error: { message: '(#100) message is required', type: 'OAuthException', code: 100 },
        });
      const id = `${this.sequence}${String(Date.now()).slice(-6)}`;
      this.createdFrom.set(id, path.endsWith('/replies') ? 'instagram' : 'page');
      return send(200, { id });
    }
    if (req.method === 'GET' && this.failReadsNext > 0) {
      this.failReadsNext -= 1;
      return send(500, {
        error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 },
      });
    }
    const mentioned = /^mentioned_(comment|media)\.(?:comment|media)_id\(([^)]+)\)/.exec(
      url.searchParams.get('fields') ?? '',
    );
    if (req.method === 'GET' && mentioned) {
      const [, kind, id] = mentioned;
      const found = (kind === 'comment' ? this.mentionedComments : this.mentionedMedia).get(id);
      return found
        ? send(200, { [`mentioned_${kind}`]: found, id: path.slice(1) })
        : send(400, {
            error: {
              message: `(#100) Tried accessing nonexisting field (mentioned_${kind})`,
              type: 'OAuthException',
              code: 100,
            },
          });
    }
    if (req.method === 'GET' && this.accounts) {
      const { pageId, instagramId } = this.accounts;
      if (path === '/me') return send(200, { id: pageId, name: 'Acme Care' });
      const from = this.createdFrom.get(path.slice(1));
      if (from && url.searchParams.get('fields') === 'from')
        return send(200, {
          id: path.slice(1),
          from:
            from === 'page'
              ? { id: pageId, name: 'Acme Care' }
              : { id: instagramId, username: 'acmecare' },
        });
    }
    if (req.method === 'POST' && path === '/me/messages')
      return send(200, {
        recipient_id: (body.recipient as { id?: string })?.id,
        message_id: `m_${this.sequence}`,
      });
    return send(404, {
      error: { message: `Unknown path ${path}`, type: 'GraphMethodException', code: 803 },
    });
  }
}
