import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The options Nest passes to `getJsonLogObject` (not exported by @nestjs/common). */
interface JsonLogOptions {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
}

/** Nest's JSON logger, with the service name on every line so a shipper can index by service. */
export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly service: string,
    logLevels: LogLevel[],
    format: 'json' | 'text',
  ) {
    super(service, {
      json: format === 'json',
      logLevels,
      colors: format === 'text',
      prefix: service,
    });
  }

  protected override getJsonLogObject(message: unknown, options: JsonLogOptions) {
    const line = super.getJsonLogObject(message, options);
    const withService = { service: this.service, ...line };
    return withService;
  }
}

/**
 * Structured logs: one JSON object per line with the service name. `text` is for people reading a
 * terminal.
 */
export function createAppLogger(
  service: string,
  level: LogLevel,
  format: 'json' | 'text',
): AppLogger {
  return new AppLogger(service, ORDER.slice(0, ORDER.indexOf(level) + 1), format);
}
