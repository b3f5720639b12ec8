/** The app hands bodies over as raw bytes (see `rawBodyLimit`); a body-less request is empty. */
export function rawBytes(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}
