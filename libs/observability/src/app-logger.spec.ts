import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AppLogger, createAppLogger, createPinoLogger } from './app-logger';

function capture(level: 'log' | 'debug' = 'log') {
  const lines: string[] = [];
  const pino = createPinoLogger({
    service: 'matcher',
    level,
    format: 'json',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger: new AppLogger(pino), lines, parsed };
}

describe('AppLogger (pino)', () => {
  it('writes one JSON object per line with ISO time, level name, service and context', () => {
    const { logger, lines, parsed } = capture();
    logger.log('listening on port 3000', 'Bootstrap');
    logger.warn({ message: 'mentions dead-lettered', count: 2 }, 'MentionIntakeService');
    logger.error('boom', 'Error: boom\n    at x (file.ts:1:1)', 'Kafka');
    logger.debug('not at this level');
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.endsWith('\n') && l.indexOf('\n') === l.length - 1)).toBe(true);
    const [first, second, third] = parsed();
    expect(first).toMatchObject({
      level: 'info',
      service: 'matcher',
      context: 'Bootstrap',
      message: 'listening on port 3000',
    });
    expect(first.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(second).toMatchObject({ level: 'warn', message: 'mentions dead-lettered', count: 2 });
    expect(third).toMatchObject({ level: 'error', context: 'Kafka', message: 'boom' });
    expect(third.stack).toContain('at x');
  });

  it('redacts credentials and mention text wherever a logged object carries them', () => {
    const { logger, lines } = capture();
    logger.log({
      message: 'request',
      authorization: 'Bearer sekret-1',
      password: 'sekret-2',
      text: 'my card number is 4111',
      mention: { text: 'call me on 555 0100', authorId: 'a1' },
      req: { headers: { authorization: 'Bearer sekret-3', cookie: 'scb_session=sekret-4' } },
      user: { token: 'sekret-5', apiKey: 'sekret-6', secret: 'sekret-7' },
    });
    const text = lines.join('');
    for (const secret of [
      'sekret-1',
      'sekret-2',
      'sekret-3',
      'sekret-4',
      'sekret-5',
      'sekret-6',
      'sekret-7',
      '4111',
      '555 0100',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('"authorId":"a1"');
    expect(text).toContain('[redacted]');
  });

  it('adds the trace and span id of the active span', () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const { logger, parsed } = capture();
      const span = trace.wrapSpanContext({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags: TraceFlags.SAMPLED,
      });
      context.with(trace.setSpan(context.active(), span), () => logger.log('inside'));
      logger.log('outside');
      const [inside, outside] = parsed();
      expect(inside).toMatchObject({
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
      });
      expect(outside.traceId).toBeUndefined();
    } finally {
      context.disable();
    }
  });

  it('LOG_FORMAT=text writes one readable line per entry, without ANSI colours', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      createAppLogger('router', 'log', 'text').warn(
        { message: 'SLA breached', queue: 'vip' },
        'SlaClock',
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}router \[SlaClock\] SLA breached \{"queue":"vip"\}\n$/,
    );
  });
});
