import { parseArgs } from 'node:util';
import { parseRate } from '@scb/social-sources';
import { REPLAY_FORMATS, type ReplayFormat } from './replay-file.reader';

export const REPLAY_USAGE =
  'usage: replay <file.jsonl|file.csv> [--format jsonl|twcs-csv] [--rate 500/s] [--limit N] ' +
  '[--dry-run] [--include-outbound]';

export interface ReplayArgs {
  file: string;
  format?: ReplayFormat;
  rate?: number;
  limit?: number;
  dryRun: boolean;
  includeOutbound: boolean;
}

/** The replay command line; every mistake is an error that names the option and shows usage. */
export function parseReplayArgs(args: string[]): ReplayArgs {
  const fail = (message: string): never => {
    throw new Error(`${message}\n${REPLAY_USAGE}`);
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    return fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return fail('expected exactly one file');
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    fail('--limit must be a whole number');
  const rate = values.rate === undefined ? undefined : parseRate(values.rate);
  if (rate === null) fail('--rate must look like 500/s or 1000/min');
  const format = values.format;
  if (format !== undefined && !REPLAY_FORMATS.includes(format as ReplayFormat))
    fail(`--format must be one of ${REPLAY_FORMATS.join(', ')}`);
  return {
    file: positionals[0],
    format: format as ReplayFormat | undefined,
    rate: rate ?? undefined,
    limit,
    dryRun: values['dry-run'],
    includeOutbound: values['include-outbound'],
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      limit: { type: 'string' },
      rate: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'include-outbound': { type: 'boolean', default: false },
    },
  });
}
