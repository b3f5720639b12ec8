/**
 * True when an error says the data itself was refused (Postgres class 22 "data exception" or 23
 * "integrity constraint violation") or came from our own code rather than the database: retrying
 * the same input would fail again, so it is poison. Connection and concurrency failures (class
 * 08, 40, 57, socket errors) are transient: the batch is retried instead.
 */
export function isDataError(error: unknown): boolean {
  const code = sqlState(error);
  if (code !== null) return /^2[23]/.test(code);
  const message = error instanceof Error ? error.message : String(error);
  return !/connect|terminat|timeout|ECONN|EPIPE|socket/i.test(message);
}

function sqlState(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const own = (error as { code?: unknown }).code;
  const driver = (error as { driverError?: { code?: unknown } }).driverError?.code;
  const code = typeof driver === 'string' ? driver : own;
  return typeof code === 'string' ? code : null;
}
