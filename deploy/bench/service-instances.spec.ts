import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appOf, batchReport, instanceCount, serviceInstances } from './service-instances';

describe('service instances of services.sh', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scb-instances-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the app an instance runs', () => {
    expect(appOf('matcher-2')).toBe('matcher');
    expect(appOf('router')).toBe('router');
  });

  it('reads every instance from its pid file, by name, so the CPU of each can be summed', async () => {
    for (const [name, pid] of [
      ['router-2', 14],
      ['matcher-2', 12],
      ['matcher', 11],
      ['api', 10],
    ] as const) {
      await writeFile(join(dir, `${name}.pid`), `${pid}\n`);
    }
    await writeFile(join(dir, 'matcher.log'), 'not a pid file');

    expect(serviceInstances(dir)).toEqual({
      api: [10],
      matcher: [11],
      'matcher-2': [12],
      'router-2': [14],
    });
    expect(instanceCount(dir, 'matcher')).toBe(2);
    expect(instanceCount(dir, 'ingestion')).toBe(0);
    expect(serviceInstances(join(dir, 'absent'))).toEqual({});
  });

  // A real HTTP round trip (and fetch's first load) on a shared, loaded machine: a generous
  // timeout, not a speed expectation.
  it("reports each matcher's Kafka batches and mean batch size from its /metrics", async () => {
    const metrics = [
      'scb_kafka_batch_messages_bucket{le="500",service="matcher",group="g",topic="t"} 3',
      'scb_kafka_batch_messages_sum{service="matcher",group="g",topic="t"} 900',
      'scb_kafka_batch_messages_count{service="matcher",group="g",topic="t"} 3',
      'scb_kafka_batch_messages_sum{service="matcher",group="g",topic="other"} 100',
      'scb_kafka_batch_messages_count{service="matcher",group="g",topic="other"} 1',
    ].join('\n');
    const server: Server = createServer((_req, res) => res.end(metrics));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await writeFile(join(dir, 'matcher.pid'), '11');
      await writeFile(join(dir, 'matcher.port'), String(port));
      await writeFile(join(dir, 'api.pid'), '10');

      expect(await batchReport(dir)).toEqual([
        'batches matcher: 4 batches, 1000 records, mean 250.0 records a batch',
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
