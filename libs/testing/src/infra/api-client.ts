import type { INestApplication } from '@nestjs/common';

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export type ApiCall = <T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<ApiResponse<T>>;

/** The address of a Nest app listening on an ephemeral port, usable by fetch. */
export const appUrl = async (app: INestApplication): Promise<string> =>
  (await app.getUrl()).replace('[::1]', '127.0.0.1');

/**
 * Calls the api as one caller: `Authorization: Bearer <credential>` on every request (an API key
 * from seedApiKey or a session token from seedSession/login); none when credential is null.
 * JSON in, JSON out (body null when empty).
 */
export function authedClient(baseUrl: string, credential: string | null): ApiCall {
  return async <T>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (credential) headers.authorization = `Bearer ${credential}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: response.headers,
    };
  };
}

/** A raw answer: status, content type, body as text and parsed on demand. */
export interface RawResponse {
  status: number;
  /** The content-type header ('' when absent). */
  type: string;
  text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Sends `body` exactly as given (bytes a JSON client would refuse to write: NUL, invalid UTF-8,
 * oversized or malformed JSON) as `content-type: application/json`, with `headers` on top.
 */
export async function sendRaw(
  url: string,
  method: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}
