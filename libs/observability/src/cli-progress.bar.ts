import { createReadStream } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';

/**
 * What a CLI reports its progress to; `update` takes the amount done so far (same unit as total)
 * and an optional short detail shown after the counts (e.g. "published 90 rejected 2").
 */
export interface CliProgress {
  update(done: number, detail?: string): void;
  increment(by?: number): void;
  /** Draws the last state and ends the line. */
  stop(): void;
}

/**
 * A cli-progress bar with percentage and ETA, drawn on `stream` (stderr by default, so a CLI's
 * JSON on stdout stays clean), or null when that stream is not a terminal: CI, pipes and tests
 * keep their plain output. `total` is in the caller's unit (bytes, records, steps); `unit` names it.
 */
export function createCliProgress(
  label: string,
  total: number,
  unit: string,
  stream: NodeJS.WriteStream = process.stderr,
): CliProgress | null {
  if (!stream.isTTY) return null;
  const bar = new SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | ETA {eta_formatted} | {value}/{total} ${unit} {detail}`,
      hideCursor: true,
      etaBuffer: 50,
      // Redrawing at most 5 times a second keeps a fast replay from spending its time on the bar.
      fps: 5,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(total, 0), 0, { detail: '' });
  return {
    update: (done, detail) =>
      bar.update(Math.min(done, bar.getTotal()), detail === undefined ? {} : { detail }),
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}

/** The number of lines in a file (line feeds, plus a last line without one), read in chunks. */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return last === 0x0a ? lines : lines + 1;
}
