import type { Logger as TypeOrmLogger } from 'typeorm';

/** Where a database log entry goes: one structured entry, never the query's parameters. */
export type DatabaseLogSink = (level: 'warn' | 'error', entry: Record<string, unknown>) => void;

/** One JSON line on stderr, like the services' structured logs. */
const stderrSink: DatabaseLogSink = (level, entry) =>
  process.stderr.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), context: 'Database', ...entry })}\n`,
  );

/**
 * TypeORM's logger for every data source: failed and slow queries are logged with the SQL text
 * and the driver's error (message, SQLSTATE code), never with the parameters. Parameters carry
 * the data (password hashes, mention texts, author ids, personal data); TypeORM's own loggers
 * print them in full (`-- PARAMETERS: [...]`). The SQL text itself holds only placeholders.
 */
export class ParameterFreeLogger implements TypeOrmLogger {
  constructor(private readonly sink: DatabaseLogSink = stderrSink) {}

  logQuery(): void {
    // Successful queries are not logged.
  }

  logQueryError(error: string | Error, query: string): void {
    const cause = typeof error === 'string' ? { message: error } : describe(error);
    this.sink('error', { message: 'query failed', query: shorten(query), ...cause });
  }

  logQuerySlow(time: number, query: string): void {
    this.sink('warn', { message: 'slow query', durationMs: time, query: shorten(query) });
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.sink('warn', { message: `migration: ${message}` });
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.sink('warn', { message: String(message) });
  }
}

/** The driver's message and SQLSTATE; not `detail`, which quotes values (`Key (email)=(…)`). */
function describe(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return { error: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** A batch INSERT's text grows with its rows; its start says which statement it was. */
function shorten(query: string): string {
  return query.length > 500 ? `${query.slice(0, 500)}…` : query;
}
