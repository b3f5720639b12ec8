import { parseReplayArgs } from './replay-args';

describe('parseReplayArgs', () => {
  it('reads every option', () => {
    expect(
      parseReplayArgs([
        'tweets.csv',
        '--rate',
        '500/s',
        '--limit',
        '20',
        '--dry-run',
        '--include-outbound',
        '--format',
        'twcs-csv',
      ]),
    ).toEqual({
      file: 'tweets.csv',
      format: 'twcs-csv',
      rate: 500,
      limit: 20,
      dryRun: true,
      includeOutbound: true,
    });
  });

  it('leaves rate, limit and format unset by default', () => {
    expect(parseReplayArgs(['m.jsonl'])).toEqual({
      file: 'm.jsonl',
      format: undefined,
      rate: undefined,
      limit: undefined,
      dryRun: false,
      includeOutbound: false,
    });
  });

  it('names the bad option and shows the usage', () => {
    expect(() => parseReplayArgs(['f', '--rate', 'fast'])).toThrow(/--rate[\s\S]*usage: replay/);
    expect(() => parseReplayArgs(['f', '--limit', '-2'])).toThrow(/--limit/);
    expect(() => parseReplayArgs(['f', '--format', 'xml'])).toThrow(/--format/);
    expect(() => parseReplayArgs([])).toThrow(/exactly one file/);
    expect(() => parseReplayArgs(['f', '--speed', '3'])).toThrow(/speed/);
  });
});
