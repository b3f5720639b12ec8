import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AgentSwarm, apiHeaders, signIn, type SwarmReport } from './agent-swarm';
import { ChaosCluster } from './chaos-cluster';
import { verify, type ChaosVerdict } from './chaos-checks';
import { writeChaosInput } from './chaos-input';
import { planFaults, seededRandom, type Fault } from './fault-plan';
import { ReplayRunner } from './replay-runner';
import type { ServiceProcess } from './service-supervisor';

/** How far the faulted run's case count may be from the reference's (see the check). */
const CASE_COUNT_SPREAD = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROOT = resolve(__dirname, '../../..');
const REF = 'chaosref';
const RUN = 'chaosrun';

function options() {
  const { values } = parseArgs({
    options: {
      mentions: { type: 'string', default: '50000' },
      agents: { type: 'string', default: '30' },
      seed: { type: 'string', default: String(Date.now() % 100_000) },
      rate: { type: 'string' },
      minutes: { type: 'string', default: '6' },
      'matcher-kills': { type: 'string', default: '5' },
      'router-kills': { type: 'string', default: '5' },
      'replay-kills': { type: 'string', default: '2' },
      'timeout-min': { type: 'string', default: '30' },
      keep: { type: 'boolean', default: false },
    },
  });
  const mentions = Number(values.mentions);
  return {
    mentions,
    agents: Number(values.agents),
    seed: Number(values.seed),
    // Paced so the replay spans the run: faults then always hit a pipeline with work in flight.
    rate: values.rate
      ? Number(values.rate)
      : Math.max(20, Math.round(mentions / (Number(values.minutes) * 60))),
    matcherKills: Number(values['matcher-kills']),
    routerKills: Number(values['router-kills']),
    replayKills: Number(values['replay-kills']),
    timeoutMs: Number(values['timeout-min']) * 60_000,
    keep: values.keep,
  };
}

const log = (message: string) =>
  console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function main(): Promise<number> {
  const opts = options();
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'scb-chaos-'));
  const queuePrefix = `chaos${Date.now().toString(36)}`;
  const cluster = new ChaosCluster({
    root: ROOT,
    dir,
    pgPort: Number(process.env.CHAOS_PG_PORT ?? 15432),
    kafkaPort: Number(process.env.CHAOS_KAFKA_PORT ?? 19092),
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    basePort: Number(process.env.CHAOS_BASE_PORT ?? 3380),
    dbPoolSize: 5,
  });
  log(`seed ${opts.seed}; ${opts.mentions} mentions; ${opts.agents} agents; work dir ${dir}`);
  try {
    cluster.startInfra();
    log(`private postgres on ${cluster.postgres.port}, kafka on ${cluster.kafka.port}`);
    const input = await writeChaosInput(ROOT, dir, opts.mentions);
    const expectedCases = await reference(cluster, input.files, `${queuePrefix}ref`);
    log(`reference (no faults): ${expectedCases} cases`);
    const { verdict, swarm, kills, crashes, planned } = await faultedRun(
      cluster,
      input.files,
      opts,
      `${queuePrefix}run`,
    );
    return report(verdict, swarm, kills, crashes, planned, (Date.now() - started) / 1000);
  } finally {
    await cluster
      .teardown([`${queuePrefix}ref`, `${queuePrefix}run`, `scb-dedup:${REF}`, `scb-dedup:${RUN}`])
      .catch((e: Error) => console.error(`chaos: teardown failed: ${e.message}`));
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

/** The same input through the matcher without faults: the number of cases it should give. */
async function reference(
  cluster: ChaosCluster,
  files: Array<{ path: string; limit: number }>,
  queuePrefix: string,
): Promise<number> {
  const env = cluster.env(REF, queuePrefix);
  await cluster.migrate(env);
  const matcher = await cluster.startService('matcher', env);
  const replay = new ReplayRunner(ROOT, env, cluster.logDir);
  await replay.run(files, null);
  await waitUntil(
    async () =>
      (await cluster.count(`SELECT count(*) AS n FROM ${REF}.interactions`)) === replay.published,
    10 * 60_000,
    'the reference run to store every mention',
  );
  await matcher.stop();
  return cluster.count(`SELECT count(*) AS n FROM ${REF}.cases`);
}

async function faultedRun(
  cluster: ChaosCluster,
  files: Array<{ path: string; limit: number }>,
  opts: ReturnType<typeof options>,
  queuePrefix: string,
) {
  const env = cluster.env(RUN, queuePrefix);
  await cluster.migrate(env);
  const api = await cluster.startService('api', env);
  await cluster.startService('ingestion', env);
  await cluster.startService('matcher', env);
  await cluster.startService('router', env);
  const apiUrl = `http://127.0.0.1:${api.port}`;
  await signIn(apiUrl);
  await configureSla(apiUrl);
  const expected = await cluster.count(`SELECT count(*) AS n FROM ${REF}.interactions`);
  const swarm = new AgentSwarm(apiUrl, opts.agents, 100);
  await swarm.start();
  const random = seededRandom(opts.seed);
  const plan = planFaults(opts, random);
  const replay = new ReplayRunner(ROOT, env, cluster.logDir);
  const replayStarted = Date.now();
  const replayDone = replay.run(files, opts.rate);
  const plannedSeconds = expected / opts.rate;
  log(
    `replaying at ${opts.rate}/s (${Math.round(plannedSeconds)} s planned); ${plan.length} faults`,
  );
  let kills = 0;
  const killsBy = { matcher: 0, router: 0, replay: 0 };
  const pair: ServiceProcess[] = [];
  const stored = () => cluster.count(`SELECT count(*) AS n FROM ${RUN}.interactions`);
  const deadline = Date.now() + opts.timeoutMs;
  let progress = 0;
  while (plan.length > 0 || !replay.done || progress < expected) {
    if (Date.now() > deadline) throw new Error(`timed out: ${progress} of ${expected} stored`);
    progress = await stored().catch(() => progress);
    const share = (Date.now() - replayStarted) / 1000 / plannedSeconds;
    // Faults still planned when the input is all stored fire then, so none is skipped.
    while (plan.length > 0 && (share >= plan[0].at || progress >= expected)) {
      const fault = plan.shift()!.fault;
      const killed = await fire(cluster, env, fault, pair, replay);
      kills += killed;
      if (fault.kind === 'kill') killsBy[fault.target] += killed;
      log(`${describe(fault)} (${progress}/${expected} stored)`);
    }
    await sleep(250);
  }
  await replayDone;
  log(`all ${expected} stored; waiting for the router to catch up`);
  await waitUntil(
    async () =>
      (await cluster.count(
        `SELECT count(*) AS n FROM ${RUN}.outbox o WHERE NOT EXISTS (SELECT 1 FROM ${RUN}.processed_events p WHERE p.consumer = 'router' AND p.event_id = o.event_id)`,
      )) === 0,
    Math.max(60_000, deadline - Date.now()),
    'every case event to be routed',
  );
  // Agents keep pulling a little longer so hand-outs race with the last routed items.
  await sleep(3_000);
  const swarmReport = await swarm.stop();
  const crashes = cluster.all().reduce((n, s) => n + s.crashes, 0) + replay.failures;
  await cluster.stopServices();
  const verdict = await verify(
    cluster.postgres.url,
    REF,
    RUN,
    cluster.options.redisUrl,
    queuePrefix,
  );
  log(`kills: matcher ${killsBy.matcher}, router ${killsBy.router}, replay ${killsBy.replay}`);
  const planned =
    killsBy.matcher >= opts.matcherKills &&
    killsBy.router >= opts.routerKills &&
    killsBy.replay >= opts.replayKills;
  return { verdict, swarm: swarmReport, kills, crashes, planned };
}

async function fire(
  cluster: ChaosCluster,
  env: NodeJS.ProcessEnv,
  fault: Fault,
  pair: ServiceProcess[],
  replay: ReplayRunner,
): Promise<number> {
  switch (fault.kind) {
    case 'kill': {
      // A victim still coming back from the previous kill is waited for, so every kill counts.
      for (let tries = 0; tries < 120; tries += 1) {
        if (fault.target === 'replay') {
          if (replay.kill()) return 1;
          if (replay.done) return 0;
          await sleep(250);
          continue;
        }
        const live = cluster.running(fault.target);
        const victim = live[Math.floor(Math.random() * live.length)];
        if (victim?.kill()) return 1;
        await sleep(250);
      }
      return 0;
    }
    case 'restart-kafka':
      await cluster.restartKafka(3_000);
      return 0;
    case 'restart-postgres':
      await cluster.restartPostgres(3_000);
      return 0;
    case 'pair-start':
      pair.push(
        ...(await Promise.all([
          cluster.startService('matcher', env),
          cluster.startService('router', env),
        ])),
      );
      return 0;
    case 'pair-stop':
      // A polite stop: the second instances leave their groups, which rebalance once more.
      await Promise.all(pair.map((s) => s.stop()));
      return 0;
  }
}

function describe(fault: Fault): string {
  if (fault.kind === 'kill') return `SIGKILL ${fault.target}`;
  return fault.kind;
}

/** An SLA policy on the default queue long enough that no timer fires during the run. */
async function configureSla(apiUrl: string): Promise<void> {
  const target = { firstResponseSeconds: 86_400, resolutionSeconds: 7 * 86_400 };
  const res = await fetch(`${apiUrl}/v1/admin/queues/default`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...apiHeaders() },
    body: JSON.stringify({
      slaPolicy: { targets: { 1: target, 2: target, 3: target, 4: target, 5: target } },
    }),
  });
  if (!res.ok) throw new Error(`could not set the SLA policy: ${res.status} ${await res.text()}`);
}

async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

function report(
  v: ChaosVerdict,
  swarm: SwarmReport,
  kills: number,
  crashes: number,
  planned: boolean,
  seconds: number,
): number {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => ok || problems.push(what);
  expect(planned, 'fewer kills than planned (see the kills line)');
  expect(v.stored === v.expectedIn && v.lost === 0, `${v.lost} mentions lost`);
  expect(v.duplicated === 0 && v.unexpected === 0, `${v.duplicated + v.unexpected} duplicated`);
  // The fault-free reference itself varies by a case or two between runs on the same code and
  // input (13,851–13,853 seen on 2026-11-30; the cause is not yet known, see docs/reliability.md),
  // so the count must be within that spread; a case opened twice by a redelivery shows exactly
  // as a case with no interaction on it, which must never happen.
  expect(
    Math.abs(v.cases - v.expectedCases) <= CASE_COUNT_SPREAD,
    `cases ${v.cases}, fault-free run gave ${v.expectedCases}`,
  );
  expect(
    v.casesWithoutInteractions === 0,
    `${v.casesWithoutInteractions} cases with no interaction`,
  );
  expect(v.casesWithoutWork === 0, `${v.casesWithoutWork} cases never queued`);
  expect(v.casesQueuedTwice === 0, `${v.casesQueuedTwice} cases with two active work items`);
  expect(v.queuedMissingInBullmq === 0, `${v.queuedMissingInBullmq} waiting items not in BullMQ`);
  expect(v.unroutedEvents === 0, `${v.unroutedEvents} case events never routed`);
  expect(v.slaMissing === 0, `${v.slaMissing} active items without their SLA timers`);
  expect(swarm.doubleAssigned === 0, `${swarm.doubleAssigned} items handed to two agents`);
  const lat = [...swarm.nextLatencies].sort((a, b) => a - b);
  const pct = (p: number) => Math.round(lat[Math.floor((lat.length - 1) * p)] ?? 0);
  console.log(
    `chaos: cases ${v.cases} (fault-free ${v.expectedCases}); active work items ${v.activeItems}; ` +
      `never queued ${v.casesWithoutWork}; empty ${v.casesWithoutInteractions}; queued twice ${v.casesQueuedTwice}; ` +
      `missing in BullMQ ${v.queuedMissingInBullmq}; stale BullMQ jobs ${v.staleBullmqJobs}`,
  );
  console.log(
    `chaos: SLA timers missing ${v.slaMissing}; left on completed items ${v.slaLeftOnCompleted}; ` +
      `agents handed out ${swarm.handedOut}, completed ${swarm.completed}, API errors ${swarm.errors}, ` +
      `next p50 ${pct(0.5)} ms p99 ${pct(0.99)} ms; unplanned exits ${crashes}; ${seconds.toFixed(0)} s`,
  );
  for (const p of problems) console.log(`chaos: VIOLATION ${p}`);
  console.log(
    `chaos: in ${v.expectedIn}; stored ${v.stored}; lost ${v.lost}; duplicated ${v.duplicated + v.unexpected}; kills ${kills}; double-assigned ${swarm.doubleAssigned}`,
  );
  return problems.length === 0 ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`chaos: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
