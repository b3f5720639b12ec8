import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts CRM connector credentials at rest with AES-256-GCM (node:crypto): a fresh 96-bit IV
 * per value, the 128-bit tag checked on decryption, and the connector's name as additional
 * authenticated data, so a ciphertext copied onto another connector does not decrypt. Stored as
 * `v1.<base64 iv>.<base64 tag>.<base64 ciphertext>`.
 *
 * The key is 32 bytes, given base64-encoded (`CRM_CREDENTIALS_KEY`, e.g. `openssl rand -base64
 * 32`); `parseCredentialsKey` checks it at start-up. Throws `Error` when a value does not decrypt
 * (wrong key, tampered value), without the value in the message.
 */
export class CredentialCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('CRM credentials key must be 32 bytes');
  }

  encrypt(connector: string, plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(connector, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
      .join('.');
  }

  decrypt(connector: string, stored: string): string {
    const [version, iv, tag, body] = stored.split('.');
    if (version !== VERSION || !iv || !tag || body === undefined)
      throw new Error(`credentials of ${connector} are not in the ${VERSION} format`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(connector, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(`credentials of ${connector} do not decrypt with CRM_CREDENTIALS_KEY`);
    }
  }
}

/** The 32-byte key from its base64 text; throws naming the problem (never the value). */
export function parseCredentialsKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32 || key.toString('base64') !== base64.trim())
    throw new Error('must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  return key;
}

/**
 * The additional authenticated data of a connector's webhook signing secret: not the connector's
 * name alone, so the secret's ciphertext and the credentials' cannot be swapped.
 */
export const webhookSecretContext = (connector: string): string => `${connector}#webhook`;
