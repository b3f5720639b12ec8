import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Structured logs: one JSON object per line with the service name, so a log shipper can index
 * them. `text` is for people reading a terminal.
 */
export function createAppLogger(
  service: string,
  level: LogLevel,
  format: 'json' | 'text',
): ConsoleLogger {
  const logLevels = ORDER.slice(0, ORDER.indexOf(level) + 1);
  return new ConsoleLogger(service, {
    json: format === 'json',
    logLevels,
    colors: format === 'text',
    prefix: service,
  });
}
