import { CrmAuthError, CrmRefusedError, CrmUnavailableError } from '../domain/crm-connector.port';

/** Zendesk's error body (Support API, "Errors"): `{ error, description, details }`. */
interface ZendeskErrorBody {
  error?: string | { title?: string; message?: string };
  description?: string;
  details?: Record<string, Array<{ description?: string }>>;
}

function reasonOf(body: unknown, fallback: string): { code: string; reason: string } {
  const b = (body ?? {}) as ZendeskErrorBody;
  const code = typeof b.error === 'string' ? b.error : (b.error?.title ?? fallback);
  const details = b.details
    ? Object.entries(b.details)
        .map(
          ([field, problems]) => `${field}: ${problems.map((p) => p.description ?? '').join('; ')}`,
        )
        .join('; ')
    : '';
  const message = typeof b.error === 'object' ? b.error?.message : undefined;
  const reason = [b.description ?? message ?? fallback, details].filter(Boolean).join(' - ');
  return { code, reason };
}

/**
 * Maps an HTTP answer onto the port's errors: 429 and 5xx → `CrmUnavailableError` (with
 * `Retry-After` in ms when sent), 401 → `CrmAuthError`, other 4xx → `CrmRefusedError` with
 * Zendesk's error and description.
 */
export function zendeskStatusToCrm(
  status: number,
  body: unknown,
  retryAfter: string | null,
): Error {
  const { code, reason } = reasonOf(body, `HTTP ${status}`);
  if (status === 429 || status >= 500) {
    const seconds =
      retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : null;
    return new CrmUnavailableError(
      'zendesk',
      code,
      reason,
      seconds === null ? null : seconds * 1000,
    );
  }
  if (status === 401) return new CrmAuthError('zendesk', reason);
  return new CrmRefusedError('zendesk', code, reason, status);
}

/** Maps what node-zendesk throws (with `throwOriginalException`: `statusCode` and `result`). */
export function zendeskErrorToCrm(error: unknown): Error {
  if (
    error instanceof CrmRefusedError ||
    error instanceof CrmUnavailableError ||
    error instanceof CrmAuthError
  ) {
    return error;
  }
  const e = error as { statusCode?: unknown; result?: unknown; code?: unknown; message?: unknown };
  if (typeof e.statusCode === 'number') return zendeskStatusToCrm(e.statusCode, e.result, null);
  // node-fetch (under cross-fetch) reports connection failures as FetchError with a system code.
  if ((error as Error).name === 'FetchError' || typeof e.code === 'string') {
    const code = typeof e.code === 'string' ? e.code : 'NETWORK';
    const message = typeof e.message === 'string' ? e.message : 'request failed';
    return new CrmUnavailableError('zendesk', code, message);
  }
  return error instanceof Error ? error : new Error(String(error));
}
