import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Address ranges a webhook must not reach unless allowed: loopback, private (RFC 1918), shared
 * (RFC 6598), link-local (cloud metadata at 169.254.169.254), unique-local (RFC 4193),
 * unspecified, benchmarking, documentation, multicast and reserved (IANA special-purpose
 * registries, RFC 6890). IPv4-mapped IPv6 addresses are checked as the IPv4 they carry.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/** `::ffff:127.0.0.1` → `127.0.0.1`; other addresses unchanged. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** True for an address on the public internet (none of the ranges above). */
export function isPublicAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Outbound targets an admin allowed although not public: host names (exact, any case), IP
 * addresses and CIDR ranges (`10.1.0.0/16`), from a comma-separated setting such as
 * `SLA_WEBHOOK_ALLOWED_HOSTS`. Throws on an entry that is none of these.
 */
export class OutboundAllowList {
  private readonly hosts = new Set<string>();
  private readonly ranges = new BlockList();

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      const [address, prefix] = entry.split('/');
      const family = isIP(address);
      if (family !== 0) {
        const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
        if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128))
          throw new Error(`invalid allow-list entry ${JSON.stringify(raw)}`);
        this.ranges.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
      } else if (/^[a-z0-9]([a-z0-9.-]{0,252})$/.test(entry) && prefix === undefined) {
        this.hosts.add(entry.replace(/\.$/, ''));
      } else throw new Error(`invalid allow-list entry ${JSON.stringify(raw)}`);
    }
  }

  allowsHost(hostname: string): boolean {
    return this.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));
  }

  allowsAddress(address: string): boolean {
    const plain = unmapped(address);
    const family = isIP(plain);
    return family !== 0 && this.ranges.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Why an outbound call to `hostname` at `address` is refused, or null when it may go. */
export function refusedAddress(
  hostname: string,
  address: string,
  allow: OutboundAllowList,
): string | null {
  if (isPublicAddress(address) || allow.allowsHost(hostname) || allow.allowsAddress(address))
    return null;
  return `refused: ${hostname} resolves to a non-public address (${address}); allow it in SLA_WEBHOOK_ALLOWED_HOSTS if intended`;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http.request` that resolves the name and refuses it when any of its addresses
 * is not public (and not allowed). The check happens on the very addresses the socket then
 * connects to, so DNS rebinding between a check and the connection is not possible.
 */
export function guardedLookup(allow: OutboundAllowList) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const refusal = refusedAddress(hostname, address, allow);
        if (refusal) return callback(Object.assign(new Error(refusal), { code: 'EREFUSED' }), []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The same check for a URL before it is stored or used (an IP literal never goes through
 * `lookup`): null when allowed, else the reason. Resolves names with the system resolver
 * unless `resolve` is false (the caller connects through {@link guardedLookup}, which checks).
 */
export async function outboundUrlRefusal(
  target: string,
  allow: OutboundAllowList,
  options: { resolve: boolean } = { resolve: true },
): Promise<string | null> {
  const url = new URL(target);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname)) return refusedAddress(hostname, hostname, allow);
  if (allow.allowsHost(hostname)) return null;
  // RFC 6761 §6.3: `localhost` and its subdomains are loopback whatever a resolver answers.
  if (/^(?:[^.]+\.)*localhost\.?$/i.test(hostname))
    return refusedAddress(hostname, '127.0.0.1', allow);
  if (!options.resolve) return null;
  // A tagged result, not `instanceof Error`: errors from node:dns may come from another realm.
  const found = await new Promise<{ addresses: LookupAddress[] } | { error: Error }>((resolve) =>
    dnsLookup(hostname, { all: true }, (error, addresses) =>
      resolve(error ? { error } : { addresses }),
    ),
  );
  if ('error' in found) return `cannot resolve ${hostname}: ${found.error.message}`;
  for (const { address } of found.addresses) {
    const refusal = refusedAddress(hostname, address, allow);
    if (refusal) return refusal;
  }
  return null;
}
