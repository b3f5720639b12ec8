import { createServer, type Server } from 'node:http';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: unknown;
  status: number;
}

/**
 * A local HTTP endpoint that receives webhooks (e.g. supervisor SLA alerts) and answers with
 * scripted status codes, so tests can see retries and what was finally delivered.
 */
export class WebhookReceiverServer {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | null = null;
  private readonly script: number[] = [];

  /** The next requests get these statuses, in order; afterwards 200. */
  failNext(...statuses: number[]): void {
    this.script.push(...statuses);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
        }
        const status = this.script.shift() ?? 200;
        this.received.push({ path: req.url ?? '/', headers: req.headers, rawBody, body, status });
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('webhook receiver has no port');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    // fetch keeps connections alive; close them or `close()` waits for their idle timeout.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = null;
  }
}
