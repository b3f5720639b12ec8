import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/** Every span we make ourselves is from this tracer (the SDK adds the service as resource). */
const TRACER = 'social-case-bridge';

/** Kafka header values as kafkajs gives them (Buffer, string, arrays of either, undefined). */
type HeaderValue = Buffer | string | Array<Buffer | string> | undefined;

/** The W3C `traceparent` (and `tracestate`) of `ctx`, as carried in headers or job data. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The trace context carried by Kafka headers, HTTP headers or a stored traceparent. */
export function contextFrom(
  carrier: Record<string, HeaderValue> | { traceparent?: string | null } | undefined,
): Context {
  if (!carrier) return ROOT_CONTEXT;
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(carrier as Record<string, HeaderValue | null>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== null) flat[key.toLowerCase()] = first.toString();
  }
  return propagation.extract(ROOT_CONTEXT, flat);
}

/** A link to the span a carrier names, for a batch span that handles many traces at once. */
export function linkFrom(carrier: Record<string, HeaderValue> | undefined): Link | null {
  const span = trace.getSpanContext(contextFrom(carrier));
  return span && trace.isSpanContextValid(span) ? { context: span } : null;
}

export interface SpanOptions {
  kind?: 'server' | 'client' | 'producer' | 'consumer' | 'internal';
  /** The parent; the active context when absent. */
  parent?: Context;
  attributes?: Record<string, string | number | boolean>;
  links?: Link[];
}

const KINDS = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
} as const;

/**
 * Runs `work` in a new span (child of `options.parent` or the active span) made current for
 * it, ends the span when `work` settles and marks it failed when `work` throws. Without a
 * started SDK (tracing off) the span records nothing and costs next to nothing.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span, ctx: Context) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = trace.getTracer(TRACER).startSpan(
    name,
    {
      kind: KINDS[options.kind ?? 'internal'],
      attributes: options.attributes,
      links: options.links,
    },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => work(span, ctx));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** A span started now and ended by the caller (work that does not fit one callback). */
export function startSpan(name: string, options: SpanOptions): { span: Span; ctx: Context } {
  const parent = options.parent ?? context.active();
  const span = trace.getTracer(TRACER).startSpan(
    name,
    {
      kind: KINDS[options.kind ?? 'internal'],
      attributes: options.attributes,
      links: options.links,
    },
    parent,
  );
  return { span, ctx: trace.setSpan(parent, span) };
}
