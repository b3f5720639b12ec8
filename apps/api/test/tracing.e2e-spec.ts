import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, trace } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTracing, type TracingHandle } from '@scb/observability';
import { timestampedSignatureHeaders } from '@scb/social-sources';
import { countRows, waitFor } from '@scb/testing';
import { WorkQueueGateway } from '@scb/work-queues';
import { PipelineHarness } from './pipeline.harness';

const SECRET = 'trace-test-webhook-secret-0123456789';
/** The caller's trace: the webhook request arrives with this W3C traceparent. */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** OTLP/JSON ids are hex; some encoders send base64. Either way: lower-case hex. */
const hex = (id: string | undefined) =>
  !id ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');

/** A local OTLP/HTTP collector: keeps every span POSTed to /v1/traces (JSON encoding). */
async function otlpReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[] }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
        };
        for (const rs of body.resourceSpans)
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans)
              spans.push({
                ...s,
                traceId: hex(s.traceId),
                spanId: hex(s.spanId),
                parentSpanId: hex(s.parentSpanId),
              });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

/**
 * OTLP/HTTP JSON over fetch, with the OpenTelemetry serializer: the SDK's OTLPTraceExporter
 * loads `http` with a dynamic import(), which Jest's module system cannot run.
 */
function otlpJsonExporter(url: string): SpanExporter {
  return {
    export(spans: ReadableSpan[], done) {
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JsonTraceSerializer.serializeRequest(spans),
      }).then(
        () => done({ code: 0 }),
        (error: Error) => done({ code: 1, error }),
      );
    },
    shutdown: async () => undefined,
  };
}

describe('tracing: one trace from the webhook to the queued work item (OTLP/HTTP)', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let tracing: TracingHandle | null = null;
  const pipeline = new PipelineHarness({ WEBHOOK_SECRET: SECRET });

  beforeAll(async () => {
    receiver = await otlpReceiver();
    tracing = await startTracing(
      'scb-trace-test',
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
      otlpJsonExporter(`${receiver.url}/v1/traces`),
    );
    await pipeline.start();
  });

  afterAll(async () => {
    await pipeline.stop();
    await tracing?.shutdown();
    // The SDK registered process-wide globals; later suites in this worker run untraced.
    trace.disable();
    context.disable();
    propagation.disable();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('carries the trace through Kafka, the outbox and BullMQ, and exports it whole', async () => {
    expect(tracing).not.toBeNull();
    const body = JSON.stringify({
      platform: 'x',
      externalId: '1700000000000000001',
      authorId: '4242',
      text: '@Brand where is my parcel?',
      createdAt: new Date().toISOString(),
    });
    const ingestion = (await pipeline.apps!.ingestion.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${ingestion}/v1/webhooks/mentions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...timestampedSignatureHeaders(SECRET, body),
        traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
      },
      body,
    });
    expect(response.status).toBeLessThan(300);

    await waitFor(
      async () =>
        (await countRows(
          pipeline.dataSource,
          `SELECT 1 FROM work_items WHERE queued_at IS NOT NULL`,
        )) === 1,
      { timeoutMs: 60_000, what: 'the work item queued' },
    );
    // The BullMQ job carries the trace on to whoever takes the work (added right after the
    // router's commit, which wrote the item waiting).
    const queue = pipeline.apps!.router.get(WorkQueueGateway).queue('default');
    await waitFor(async () => (await queue.getJobs()).length > 0, {
      timeoutMs: 60_000,
      what: 'the work item job in BullMQ',
    });
    const jobs = await queue.getJobs();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].data.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    // The outbox row kept the matcher's traceparent.
    const [row]: Array<{ traceparent: string }> = await pipeline.dataSource.query(
      `SELECT traceparent FROM outbox`,
    );
    expect(row.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-`));

    await pipeline.settled();
    await tracing!.shutdown(); // flushes every span still buffered to the receiver
    const spans = receiver.spans.filter((s) => s.traceId === TRACE_ID);
    const names = spans.map((s) => s.name);
    const topic = (name: string) => pipeline.topic(name);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /v1/webhooks/mentions',
        `${topic('social.mentions.v1')} publish`,
        `${topic('social.mentions.v1')} process`,
        'match mention',
        `${topic('cases.events.v1')} publish`,
        `${topic('cases.events.v1')} process`,
        'enqueue work item',
      ]),
    );
    // Whole: every span's parent is in the trace, up to the caller's span.
    const ids = new Set([CALLER_SPAN, ...spans.map((s) => s.spanId)]);
    const orphans = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    expect(orphans.map((s) => s.name)).toEqual([]);
    // And it is one chain: the work item's span descends from the webhook request.
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestry: string[] = [];
    for (
      let s = spans.find((x) => x.name === 'enqueue work item');
      s;
      s = byId.get(s.parentSpanId ?? '')
    )
      ancestry.unshift(s.name);
    expect(ancestry).toEqual([
      'POST /v1/webhooks/mentions',
      `${topic('social.mentions.v1')} publish`,
      'match mention',
      `${topic('cases.events.v1')} publish`,
      'enqueue work item',
    ]);
  });
});
