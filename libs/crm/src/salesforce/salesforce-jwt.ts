import { createSign } from 'node:crypto';

/**
 * The JWT a Salesforce connected app exchanges for a token in the OAuth 2.0 JWT bearer flow
 * (RFC 7523; Salesforce: "OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration"):
 * RS256-signed, `iss` the consumer key, `sub` the integration user's username, `aud` the login
 * host (`https://login.salesforce.com`, `https://test.salesforce.com` or the My Domain URL),
 * `exp` at most 3 minutes ahead. `now` is injected so the expiry is testable.
 */
export function salesforceJwtAssertion(input: {
  clientId: string;
  username: string;
  audience: string;
  privateKeyPem: string;
  now: Date;
}): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', typ: 'JWT' });
  const claims = encode({
    iss: input.clientId,
    sub: input.username,
    aud: input.audience,
    exp: Math.floor(input.now.getTime() / 1000) + 180,
  });
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${claims}`);
  return `${header}.${claims}.${signer.sign(input.privateKeyPem).toString('base64url')}`;
}
