/** A field the server rejected, e.g. `definition.rules.0.when.values`, with its reason. */
export interface FieldError {
  /** Absent on CSV refusals, which say `row`, `line` and `column` instead. */
  path: string;
  message: string;
  /** CSV refusals (CRM import) name the row, its line in the file and the column instead. */
  row?: number;
  line?: number;
  column?: string;
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
  options: { method?: string; body?: unknown; contentType?: string } = {},
): Promise<T> {
  // A `contentType` sends the body as it is (a CSV file's text); otherwise it goes as JSON.
  const raw = options.contentType !== undefined;
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers:
      options.body === undefined
        ? {}
        : { 'content-type': raw ? options.contentType! : 'application/json' },
    body:
      options.body === undefined
        ? undefined
        : raw
          ? (options.body as string)
          : JSON.stringify(options.body),
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
