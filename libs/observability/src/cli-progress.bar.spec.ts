import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { countLines, createCliProgress } from './cli-progress.bar';

/** A stream that says it is (or is not) a terminal and keeps what is drawn on it. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; drawn: () => string } {
  const pass = new PassThrough();
  const chunks: string[] = [];
  pass.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  Object.assign(pass, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true });
  return { stream: pass as unknown as NodeJS.WriteStream, drawn: () => chunks.join('') };
}

describe('createCliProgress', () => {
  it('draws nothing and returns null when the stream is not a terminal (CI, pipes, tests)', () => {
    const { stream, drawn } = fakeStream(false);
    expect(createCliProgress('replay', 100, 'lines', stream)).toBeNull();
    expect(drawn()).toBe('');
  });

  it('draws the label, percentage, ETA and counts on a terminal', async () => {
    const { stream, drawn } = fakeStream(true);
    const progress = createCliProgress('import', 200, 'bytes', stream)!;
    progress.update(50, 'published 48');
    progress.increment(50);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(drawn()).toContain('import [');
    expect(drawn()).toContain('50% | ETA ');
    expect(drawn()).toContain('100/200 bytes published 48');
  });

  it('never shows more done than the total', async () => {
    const { stream, drawn } = fakeStream(true);
    const progress = createCliProgress('replay', 10, 'lines', stream)!;
    progress.update(25);
    progress.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(drawn()).toContain('100% | ETA ');
    expect(drawn()).toContain('10/10 lines');
  });
});

describe('countLines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scb-lines-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('counts the lines with or without a final line feed, and none in an empty file', async () => {
    expect(await countLines(file('a', 'x\ny\n'))).toBe(2);
    expect(await countLines(file('b', 'x\r\ny\r\nz'))).toBe(3);
    expect(await countLines(file('c', ''))).toBe(0);
  });
});
