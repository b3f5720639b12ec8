import { Writable } from 'node:stream';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { storage } from 'nestjs-pino/storage';

/** Nest's levels → pino's (Nest `log` is pino `info`, `verbose` is `trace`). */
const PINO_LEVEL: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * What never reaches a log line: credentials (headers, cookies, tokens, passwords, secrets) and
 * what customers wrote (mention text), wherever a logged object carries them (top level or one
 * level down, pino's fast-redact paths).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-scb-signature"]',
  'res.headers["set-cookie"]',
  ...[
    'authorization',
    'cookie',
    'password',
    'token',
    'accessToken',
    'access_token',
    'apiKey',
    'secret',
    'text',
  ].flatMap((key) => [key, `*.${key}`]),
];

export interface AppLogOptions {
  service: string;
  level: LogLevel;
  format: 'json' | 'text';
  /** Where lines go; process.stdout (looked up at each write) when absent. */
  destination?: DestinationStream;
}

/**
 * The process's pino logger: one JSON object per line with ISO `time`, the level's name,
 * `service`, `message`, and `traceId`/`spanId` when a span is active (OpenTelemetry), so a line
 * leads to its trace. `text` (LOG_FORMAT=text) is one readable line per entry for a terminal.
 */
export function createPinoLogger(options: AppLogOptions): Logger {
  return pino(
    {
      level: PINO_LEVEL[options.level],
      base: { service: options.service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const span = trace.getSpan(context.active());
        const ids = span?.spanContext();
        return ids && trace.isSpanContextValid(ids)
          ? { traceId: ids.traceId, spanId: ids.spanId }
          : {};
      },
    },
    options.destination ?? (options.format === 'text' ? textLines() : stdoutLines()),
  );
}

/**
 * The Nest logger of a service, backed by pino. Inside an HTTP request it writes through the
 * request's logger (nestjs-pino), so the line carries the request id.
 */
export class AppLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest calls `(message, ...params, context)`; for errors the params may hold the stack. */
  private write(level: Level, message: unknown, rest: unknown[]): void {
    const logger = storage.getStore()?.logger ?? this.pino;
    if (!logger.isLevelEnabled(level)) return;
    const params = [...rest];
    const context = typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const stack = params.find((p): p is string => typeof p === 'string' && p.includes('\n    at '));
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields.stack = stack;
    if (message instanceof Error) logger[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object')
      logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    else logger[level](fields, String(message));
  }
}

/** A Nest logger for a process that is not an HTTP service (CLIs, the TWCS evaluation). */
export function createAppLogger(
  service: string,
  level: LogLevel,
  format: 'json' | 'text',
): AppLogger {
  return new AppLogger(createPinoLogger({ service, level, format }));
}

/** process.stdout at each write (not captured once), so tests that tap stdout see the lines. */
function stdoutLines(): DestinationStream {
  return { write: (line: string) => process.stdout.write(line) };
}

/**
 * LOG_FORMAT=text: `HH:MM:SS.mmm LEVEL service [context] message {rest}` per entry. pino-pretty
 * is not a dependency; this keeps terminals readable without it and without ANSI colours.
 */
function textLines(): DestinationStream {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { time, level, service, context, message, ...rest } = JSON.parse(line) as {
            time?: string;
            level?: string;
            service?: string;
            context?: string;
            message?: string;
          } & Record<string, unknown>;
          const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
          const clock = time?.slice(11, 23) ?? '';
          const where = context ? ` [${context}]` : '';
          process.stdout.write(
            `${clock} ${(level ?? '').toUpperCase().padEnd(5)} ${service ?? ''}${where} ${message ?? ''}${extra}\n`,
          );
        } catch {
          process.stdout.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
