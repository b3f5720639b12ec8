import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** What turns tracing on: the OTLP/HTTP endpoint (standard OpenTelemetry variable names). */
export interface TracingEnv {
  /** Base URL of an OTLP/HTTP collector; spans go to `<url>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Full URL for spans, overriding the base one. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
}

/** Stops the SDK, flushing spans still buffered (on shutdown, or at the end of a test). */
export type TracingHandle = { shutdown(): Promise<void> };

/**
 * Starts OpenTelemetry (sdk-node; http, express, pg, ioredis, kafkajs and NestJS
 * instrumentations; W3C trace context) exporting spans over OTLP/HTTP (protobuf) when an endpoint
 * is configured; off (null, nothing loaded) otherwise. Call it before the app's modules are
 * loaded, so the instrumentations see them: the SDK modules are loaded here, on demand.
 */
export async function startTracing(
  service: string,
  env: TracingEnv,
  /**
   * Sends the spans instead of the OTLP/HTTP exporter. For tests under Jest, whose module system
   * cannot run the exporter's dynamic `import('http')`; they post OTLP to their own collector.
   */
  exporter?: SpanExporter,
): Promise<TracingHandle | null> {
  const url =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces`
      : undefined);
  if (!url) return null;
  const [sdkNode, otlp, resources, traceBase, http, express, pg, ioredis, kafkajs, nest] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-express'),
      import('@opentelemetry/instrumentation-pg'),
      import('@opentelemetry/instrumentation-ioredis'),
      import('@opentelemetry/instrumentation-kafkajs'),
      import('@opentelemetry/instrumentation-nestjs-core'),
    ]);
  const sdk = new sdkNode.NodeSDK({
    resource: resources.resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [
      new traceBase.BatchSpanProcessor(exporter ?? new otlp.OTLPTraceExporter({ url })),
    ],
    instrumentations: [
      new http.HttpInstrumentation(),
      new express.ExpressInstrumentation(),
      new pg.PgInstrumentation(),
      new ioredis.IORedisInstrumentation(),
      new kafkajs.KafkaJsInstrumentation(),
      new nest.NestInstrumentation(),
    ],
  });
  sdk.start();
  return sdk;
}
