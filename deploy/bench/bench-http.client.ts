import { Agent, request } from 'node:http';

/** A response as the bench reads it: the status and the parsed JSON body (null when empty). */
export interface BenchResponse<T> {
  status: number;
  body: T | null;
}

/**
 * The agents' HTTP client in `bench:router`: node's own `http` with keep-alive connections, one
 * per agent. The bench drives 50 agents on the same two cores as the api it measures, so its
 * client's CPU is taken from the api: global `fetch` (undici behind the WHATWG API: streams,
 * `Headers`, `Response` objects per call) cost 0.65-0.74 ms of CPU per request, half the api's
 * own cost of a request; this client 0.24-0.26 ms (docs/performance.md, session 8). Agents'
 * browsers run on their own machines in production.
 */
export class BenchHttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string>,
    connections: number,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /**
   * Sends `body` as JSON and reads the whole answer.
   * @throws on a connection error, no answer within 60 s, or an answer that is not JSON.
   */
  send<T>(method: string, path: string, body?: unknown): Promise<BenchResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...this.headers,
            ...(payload === undefined
              ? { 'content-length': '0' }
              : {
                  'content-type': 'application/json',
                  'content-length': String(Buffer.byteLength(payload)),
                }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as T) : null });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      // A hung api fails the bench instead of stalling it (fetch gave up after about 300 s).
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
