import { CrmAuthError, CrmRefusedError, CrmUnavailableError } from '../domain/crm-connector.port';

/**
 * Error codes Salesforce answers when it cannot serve now (REST API Developer Guide, "Status Codes
 * and Error Responses"): 403 REQUEST_LIMIT_EXCEEDED, 503 SERVER_UNAVAILABLE, row locks, and
 * jsforce's `ERROR_HTTP_<status>` for a 5xx without a JSON body.
 */
const TRANSIENT = new Set([
  'REQUEST_LIMIT_EXCEEDED',
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
]);
/** OAuth token endpoint errors (RFC 6749 §5.2) and an expired session that could not be refreshed. */
const AUTH = new Set([
  'invalid_client',
  'invalid_grant',
  'invalid_client_id',
  'unauthorized_client',
  'unsupported_grant_type',
  'INVALID_SESSION_ID',
  'INVALID_AUTH_HEADER',
]);
/** Connection failures node-fetch reports (jsforce's transport). */
const NETWORK = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|UND_ERR_SOCKET)$/;

/** HTTP status for the codes whose status is documented; null otherwise (jsforce does not keep it). */
const STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  INVALID_FIELD: 400,
  MALFORMED_QUERY: 400,
  REQUIRED_FIELD_MISSING: 400,
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 400,
  INVALID_CROSS_REFERENCE_KEY: 400,
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 400,
  DUPLICATE_VALUE: 400,
};

/**
 * Maps what jsforce throws onto the port's errors: `CrmUnavailableError` (retry),
 * `CrmAuthError` (credentials), `CrmRefusedError` (this record, with Salesforce's errorCode and
 * message). Our own errors pass through.
 */
export function salesforceErrorToCrm(error: unknown): Error {
  if (
    error instanceof CrmRefusedError ||
    error instanceof CrmUnavailableError ||
    error instanceof CrmAuthError
  ) {
    return error;
  }
  if (!(error instanceof Error))
    return new CrmUnavailableError('salesforce', 'UNKNOWN', String(error));
  const code =
    (error as { errorCode?: unknown }).errorCode ??
    (error as { code?: unknown }).code ??
    error.name;
  const codeText = typeof code === 'string' ? code : error.name;
  if (TRANSIENT.has(codeText))
    return new CrmUnavailableError('salesforce', codeText, error.message);
  if (NETWORK.test(codeText) || error.name === 'FetchError') {
    return new CrmUnavailableError('salesforce', codeText, error.message);
  }
  if (AUTH.has(codeText)) return new CrmAuthError('salesforce', `${codeText}: ${error.message}`);
  if (error.message.startsWith('Unable to refresh session')) {
    return /ERROR_HTTP_5\d\d|unavailable/i.test(error.message)
      ? new CrmUnavailableError('salesforce', 'TOKEN_UNAVAILABLE', error.message)
      : new CrmAuthError('salesforce', error.message);
  }
  if (codeText === 'MULTIPLE_API_ERRORS') {
    const data = (error as { data?: unknown }).data;
    const first = Array.isArray(data)
      ? (data[0] as { errorCode?: string; message?: string })
      : undefined;
    return new CrmRefusedError(
      'salesforce',
      first?.errorCode ?? codeText,
      first?.message ?? error.message,
      400,
    );
  }
  return new CrmRefusedError('salesforce', codeText, error.message, STATUS[codeText] ?? null);
}
