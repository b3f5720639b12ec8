import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceMetrics } from '@scb/observability';
import { HealthRegistry } from '@scb/platform';
import { captureOutput, mentionsFromAuthors, waitFor } from '@scb/testing';
import { MentionReplaySource } from '../../ingestion/src/mention-replay.source';
import { PipelineHarness } from './pipeline.harness';

const SERVICES = ['api', 'ingestion', 'matcher', 'router'] as const;
type Service = (typeof SERVICES)[number];
const AUTHORS = 6;

/** The value of one sample (`name{labels} value`) in a Prometheus exposition, or null. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const matches = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (matches) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('operability: /metrics, /livez, /readyz on the four services', () => {
  let consoleDir: string;
  let pipeline: PipelineHarness;

  beforeAll(async () => {
    // A console build, so the SPA fallback is live and must still leave these paths alone.
    consoleDir = await mkdtemp(join(tmpdir(), 'scb-console-'));
    await writeFile(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    pipeline = new PipelineHarness({ CONSOLE_DIR: consoleDir });
    await pipeline.start();
  });

  afterAll(async () => {
    await pipeline.stop();
    await rm(consoleDir, { recursive: true, force: true });
  });

  const url = async (service: Service) =>
    (await pipeline.apps![service].getUrl()).replace('[::1]', '127.0.0.1');
  const get = async (base: string, path: string, accept = 'text/html,*/*') => {
    const res = await fetch(`${base}${path}`, { headers: { accept } });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: await res.text(),
    };
  };
  const metricsOf = async (service: Service) => {
    const base =
      service === 'api'
        ? pipeline.apps!.api.get(ServiceMetrics).separateUrl()!
        : await url(service);
    const res = await get(base, '/metrics', 'text/plain');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    return res.body;
  };

  it.each(SERVICES)('%s answers /livez and, once its dependencies are up, /readyz', async (s) => {
    const live = await get(await url(s), '/livez');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.body)).toMatchObject({ status: 'ok' });
    await waitFor(async () => (await get(await url(s), '/readyz')).status === 200, {
      timeoutMs: 30_000,
      what: `${s} ready`,
    });
    const ready = JSON.parse((await get(await url(s), '/readyz')).body) as {
      status: string;
      details: Record<string, { status: string }>;
    };
    expect(ready.status).toBe('ok');
    const expected = {
      api: ['postgres', 'redis'],
      ingestion: ['kafka', 'sources'],
      matcher: ['postgres', 'kafka', 'consumer', 'consumer-group'],
      router: ['postgres', 'kafka', 'redis', 'consumer', 'consumer-group'],
    }[s];
    for (const check of expected) expect(ready.details[check]).toMatchObject({ status: 'up' });
    // /health is kept as it was.
    expect((await get(await url(s), '/health')).status).toBe(200);
  });

  it.each(SERVICES)(
    '%s: /readyz fails on a dependency that is down, /livez does not',
    async (s) => {
      const registry = pipeline.apps![s].get(HealthRegistry);
      registry.registerReadiness('test-outage', async () => {
        throw new Error('simulated outage');
      });
      try {
        const ready = await get(await url(s), '/readyz');
        expect(ready.status).toBe(503);
        expect(JSON.parse(ready.body)).toMatchObject({
          status: 'error',
          error: { 'test-outage': { status: 'down', message: 'simulated outage' } },
        });
        expect((await get(await url(s), '/livez')).status).toBe(200);
      } finally {
        registry.registerReadiness('test-outage', async () => undefined);
      }
    },
  );

  it.each(SERVICES)('%s serves Prometheus metrics with its service label', async (s) => {
    const text = await metricsOf(s);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toMatch(new RegExp(`nodejs_eventloop_lag_seconds\\{service="${s}"\\} `));
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('keeps the api /metrics off its public port and never answers a non-console path with the console', async () => {
    const api = await url('api');
    for (const path of [
      '/metrics',
      '/healthz',
      '/livez/x',
      '/readyz/x',
      '/metricz',
      '/nope',
      '/v2/cases',
    ]) {
      const res = await get(api, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body).not.toContain('<title>console</title>');
    }
    // Console routes still get the console.
    for (const path of ['/', '/agent', '/admin/routing']) {
      const res = await get(api, path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.body).toContain('<title>console</title>');
    }
    const metricsPort = pipeline.apps!.api.get(ServiceMetrics).separateUrl()!;
    expect((await get(metricsPort, '/v1/cases')).status).toBe(404);
  });

  it('logs each request as one JSON line with the request id, and echoes the id', async () => {
    const api = await url('api');
    let echoed: string | null = null;
    const output = await captureOutput(async () => {
      const res = await fetch(`${api}/v1/cases?token=sekret-query`, {
        headers: { 'x-request-id': 'req-ops-1', authorization: 'Bearer sekret-header' },
      });
      echoed = res.headers.get('x-request-id');
      await res.text();
    });
    expect(echoed).toBe('req-ops-1');
    const lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find(
      (l) => l.requestId === 'req-ops-1' && l.message === 'request completed',
    );
    expect(line).toMatchObject({
      level: 'warn',
      service: 'api',
      req: { method: 'GET', path: '/v1/cases' },
      res: { statusCode: 401 },
    });
    expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(output).not.toContain('sekret-');
  });

  it('counts the mentions, decisions, batches, outbox and queues of a replay', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scb-metrics-'));
    const file = join(dir, 'mentions.jsonl');
    const mentions = mentionsFromAuthors(AUTHORS, 2).map((m) => JSON.stringify(m));
    await writeFile(file, `${[...mentions, '{"platform":"x"}'].join('\n')}\n`);
    try {
      await pipeline.apps!.ingestion.get(MentionReplaySource).replayFile(file);
      await pipeline.settled();
      await waitFor(
        async () =>
          sample(await metricsOf('router'), 'scb_router_decisions_total', {
            queue: 'default',
            outcome: 'queued',
          }) !== null,
        { timeoutMs: 30_000, what: 'router decisions' },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const ingestion = await metricsOf('ingestion');
    expect(
      sample(ingestion, 'scb_ingestion_mentions_total', { source: 'replay', outcome: 'published' }),
    ).toBe(AUTHORS * 2);
    expect(
      sample(ingestion, 'scb_ingestion_mentions_total', {
        source: 'replay',
        outcome: 'dead_lettered',
      }),
    ).toBe(1);

    const matcher = await metricsOf('matcher');
    expect(
      sample(matcher, 'scb_matcher_decisions_total', { rule: 'new-case', outcome: 'new_case' }),
    ).toBe(AUTHORS);
    expect(
      sample(matcher, 'scb_matcher_decisions_total', { rule: 'open-case', outcome: 'joined' }),
    ).toBe(AUTHORS);
    expect(sample(matcher, 'scb_outbox_backlog', { service: 'matcher' })).toBe(0);
    expect(sample(matcher, 'scb_outbox_relay_latency_seconds_count', {})).toBe(AUTHORS * 2);
    expect(
      sample(matcher, 'scb_kafka_batch_messages_sum', {
        topic: pipeline.topic('social.mentions.v1'),
      }),
    ).toBe(AUTHORS * 2);
    expect(matcher).toMatch(/scb_kafka_consumer_lag\{group="[^"]+",topic="[^"]+",partition="\d+"/);
    expect(matcher).toContain('scb_kafka_batch_duration_seconds_bucket');

    const router = await metricsOf('router');
    expect(sample(router, 'scb_queue_depth', { queue: 'default', channel: 'social' })).toBe(
      AUTHORS,
    );
    expect(
      sample(router, 'scb_queue_oldest_age_seconds', { queue: 'default', channel: 'phone' }),
    ).toBe(0);
    expect(sample(router, 'scb_mention_to_queue_seconds_count', {})).toBeGreaterThanOrEqual(
      AUTHORS,
    );
    expect(router).toContain('# TYPE scb_sla_events_total counter');

    const api = await metricsOf('api');
    expect(
      sample(api, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/livez',
        status_code: '200',
      }),
    ).toBeGreaterThan(0);
    expect(
      sample(api, 'http_request_duration_seconds_count', {
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBeGreaterThan(0);
  });
});
