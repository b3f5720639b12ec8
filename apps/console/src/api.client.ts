/** A field the server rejected, e.g. `definition.rules.0.when.values`, with its reason. */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
  }
}

let unauthorized: () => void = () => undefined;

/** Called on every 401 (not logged in, or the session expired): the app shows the login page. */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

/**
 * Same-origin JSON calls; the session cookie (HttpOnly) goes along by itself. Errors keep the
 * server's field-level messages so forms can show them next to their field.
 */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 401 && !path.startsWith('/v1/auth/login')) unauthorized();
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => null)) as {
    message?: string | string[];
    errors?: FieldError[];
  } | null;
  if (!response.ok) {
    const message = Array.isArray(data?.message) ? data.message.join('; ') : data?.message;
    throw new ApiError(response.status, message ?? response.statusText, data?.errors ?? []);
  }
  return data as T;
}

export const query = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== '',
  );
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
};
