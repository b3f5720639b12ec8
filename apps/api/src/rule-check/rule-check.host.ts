import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { UnprocessableEntityException } from '@nestjs/common';
import { RuleSetValidationError } from '@scb/matching';
import type { SocialMention } from '@scb/contracts';
import type { DryRunReport, MatchingSnapshot, SnapshotLookups } from '@scb/matching';
import type { RuleCheckReply, RuleCheckRequest } from './rule-check.protocol';

/**
 * Starts the worker from the compiled `rule-check.worker.js` (what `npm run build` ships, run
 * with `@scb/*` resolved through tsconfig-paths as the services are), or from the TypeScript
 * sources through `@swc/core`, the compiler the tests already use, when running from them.
 */
function startWorker(): Worker {
  const compiled = join(__dirname, 'rule-check.worker.js');
  if (existsSync(compiled))
    return new Worker(compiled, {
      execArgv: ['-r', 'tsconfig-paths/register'],
      env: { ...process.env, TS_NODE_BASEURL: resolve(__dirname, '..', '..', '..', '..') },
    });
  const source = join(__dirname, 'rule-check.worker.ts');
  const root = resolve(__dirname, '..', '..', '..', '..');
  return new Worker(
    `process.env.TS_NODE_PROJECT = ${JSON.stringify(join(root, 'tsconfig.json'))};
     require(${JSON.stringify(require.resolve('tsconfig-paths/register'))});
     const swc = require(${JSON.stringify(require.resolve('@swc/core'))});
     const fs = require('node:fs');
     require.extensions['.ts'] = (m, file) => m._compile(swc.transformSync(fs.readFileSync(file, 'utf8'), {
       filename: file, module: { type: 'commonjs' },
       jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
     }).code, file);
     require(${JSON.stringify(source)});`,
    { eval: true },
  );
}

/**
 * One rule-set check in a worker thread (issue #14.3). `parse` must answer within
 * `budgetMs` (validating and compiling both rule sets), or the worker is terminated and the
 * draft refused with 422 `rule_set_too_costly`; later steps (evaluation over stored mentions)
 * run in the worker too, without a budget of their own. Throws `RuleSetValidationError` for an
 * invalid draft, an Error for a worker fault. Call `close()` when done.
 */
export class RuleCheckSession {
  private readonly worker = startWorker();
  /** Waiters for the worker's next message, in order; the first is its `ready`. */
  private readonly waiters: Array<
    (outcome: { reply: RuleCheckReply } | { failure: string }) => void
  > = [];
  private readonly ready: Promise<{ reply: RuleCheckReply } | { failure: string }>;

  constructor(private readonly budgetMs: number) {
    this.ready = this.next();
    this.worker.on('message', (reply: RuleCheckReply) => this.waiters.shift()?.({ reply }));
    // A tagged outcome, not `instanceof Error`: a worker's error may come from another realm.
    this.worker.on('error', (error: { message?: unknown }) =>
      this.waiters.shift()?.({
        failure: typeof error?.message === 'string' ? error.message : 'worker error',
      }),
    );
    this.worker.on('exit', (code) =>
      this.waiters.splice(0).forEach((w) => w({ failure: `worker exited with code ${code}` })),
    );
  }

  /** Validates and compiles `draft` (and `current`, the rules in force); the normalized draft. */
  async parse(draft: unknown, current?: unknown, version = 0): Promise<unknown> {
    const ready = await this.ready;
    if ('failure' in ready) throw new Error(`rule-check worker did not start: ${ready.failure}`);
    let timer: NodeJS.Timeout | undefined;
    const overBudget = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.worker.terminate();
        reject(
          new UnprocessableEntityException({
            reason: 'rule_set_too_costly',
            message: `the rule set took longer than ${this.budgetMs} ms to validate and compile; make it smaller`,
          }),
        );
      }, this.budgetMs);
    });
    try {
      const reply = await Promise.race([
        this.ask({ kind: 'parse', draft, current, version }),
        overBudget,
      ]);
      if (reply.kind === 'invalid') throw new RuleSetValidationError(reply.errors);
      if (reply.kind !== 'parsed') throw new Error(`unexpected rule-check reply ${reply.kind}`);
      return reply.definition;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The lookups both parsed rule sets need for `mentions` (after {@link parse}). */
  async lookups(mentions: SocialMention[]): Promise<SnapshotLookups> {
    const reply = await this.ask({ kind: 'lookups', mentions });
    if (reply.kind !== 'lookups') throw new Error(`unexpected rule-check reply ${reply.kind}`);
    return reply.lookups;
  }

  /** The dry-run report of both parsed rule sets over `mentions` (after {@link parse}). */
  async report(mentions: SocialMention[], snapshot: MatchingSnapshot): Promise<DryRunReport> {
    const reply = await this.ask({ kind: 'report', mentions, snapshot });
    if (reply.kind !== 'report') throw new Error(`unexpected rule-check reply ${reply.kind}`);
    return reply.report;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private async ask(request: RuleCheckRequest): Promise<RuleCheckReply> {
    const next = this.next();
    this.worker.postMessage(request);
    const outcome = await next;
    if ('failure' in outcome) throw new Error(`rule-check worker: ${outcome.failure}`);
    if (outcome.reply.kind === 'error')
      throw new Error(`rule-check worker: ${outcome.reply.message}`);
    return outcome.reply;
  }

  private next() {
    return new Promise<{ reply: RuleCheckReply } | { failure: string }>((done) =>
      this.waiters.push(done),
    );
  }
}
