import type { Rejected } from '@scb/messaging';
import type { PreparedItem } from './prepared-mention';

/**
 * A batch of prepared items as the replay worker hands it over: every serialized mention UTF-8
 * encoded into one ArrayBuffer that is transferred, not copied, so the publishing thread only
 * takes Buffer views of it (and Kafka gets bytes it need not encode again).
 */
export interface PackedBatch {
  keys: string[];
  createdAt: string[];
  outbound: Uint8Array;
  /** End offset in `data` of each mention's value; it starts where the previous one ended. */
  ends: Uint32Array;
  data: ArrayBuffer;
  /** Refused records with their position among the batch's items (file order is kept). */
  rejected: Array<{ at: number; rejected: Rejected }>;
}

export function packBatch(items: PreparedItem[]): PackedBatch {
  const values: Buffer[] = [];
  const keys: string[] = [];
  const createdAt: string[] = [];
  const outbound: number[] = [];
  const rejected: PackedBatch['rejected'] = [];
  items.forEach((item, at) => {
    if ('rejected' in item) {
      rejected.push({ at, rejected: item.rejected });
      return;
    }
    const { value } = item.prepared;
    values.push(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
    keys.push(item.prepared.key);
    createdAt.push(item.prepared.createdAt);
    outbound.push(item.prepared.outbound ? 1 : 0);
  });
  // allocUnsafeSlow: a buffer of its own (never a slice of the shared pool), so it can move.
  const total = values.reduce((sum, v) => sum + v.length, 0);
  const data = Buffer.allocUnsafeSlow(total);
  const ends = new Uint32Array(values.length);
  let offset = 0;
  values.forEach((v, i) => {
    v.copy(data, offset);
    offset += v.length;
    ends[i] = offset;
  });
  return {
    keys,
    createdAt,
    outbound: Uint8Array.from(outbound),
    ends,
    data: data.buffer,
    rejected,
  };
}

export function unpackBatch(batch: PackedBatch): PreparedItem[] {
  const items: PreparedItem[] = [];
  let next = 0;
  let start = 0;
  const pushPrepared = () => {
    const end = batch.ends[next];
    items.push({
      prepared: {
        key: batch.keys[next],
        value: Buffer.from(batch.data, start, end - start),
        outbound: batch.outbound[next] === 1,
        createdAt: batch.createdAt[next],
      },
    });
    start = end;
    next += 1;
  };
  for (const { at, rejected } of batch.rejected) {
    while (items.length < at) pushPrepared();
    items.push({ rejected });
  }
  while (next < batch.keys.length) pushPrepared();
  return items;
}
