import { parentPort } from 'node:worker_threads';
import {
  afinnSentiment,
  dryRunLookups,
  dryRunRuleSets,
  RuleSet,
  RuleSetValidationError,
  tinyldLanguage,
} from '@scb/matching';
import type { RuleCheckReply, RuleCheckRequest } from './rule-check.protocol';

/**
 * Worker thread of the api's rule-set checks (issue #14.3): validating and compiling a large
 * rule set (RE2 compiles in native code, synchronously) and evaluating it over stored mentions
 * run here, so the api's event loop (health checks, every other request) never waits on them.
 * One worker per check; the host terminates it when its time budget is spent.
 */
let draft: RuleSet | null = null;
let current: RuleSet | null = null;

function handle(request: RuleCheckRequest): RuleCheckReply {
  switch (request.kind) {
    case 'parse':
      try {
        draft = RuleSet.parse(request.draft, 0);
        current =
          request.current === undefined
            ? RuleSet.defaults()
            : RuleSet.parse(request.current, request.version);
        return { kind: 'parsed', definition: draft.definition };
      } catch (error) {
        if (error instanceof RuleSetValidationError)
          return { kind: 'invalid', errors: error.errors };
        throw error;
      }
    case 'lookups':
      return { kind: 'lookups', lookups: dryRunLookups(request.mentions, current!, draft!) };
    case 'report':
      return {
        kind: 'report',
        report: dryRunRuleSets(request.mentions, request.snapshot, current!, draft!, {
          sentiment: afinnSentiment,
          language: tinyldLanguage,
        }),
      };
  }
}

parentPort!.on('message', (request: RuleCheckRequest) => {
  try {
    parentPort!.postMessage(handle(request));
  } catch (error) {
    parentPort!.postMessage({ kind: 'error', message: (error as Error).message });
  }
});

parentPort!.postMessage({ kind: 'ready' });
