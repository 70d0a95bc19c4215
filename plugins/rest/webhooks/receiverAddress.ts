import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent } from 'undici';

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved ranges: not the public internet. */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address is outside the public internet (an IPv4-mapped IPv6 address is judged as its IPv4). */
export function isPrivateAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return NOT_PUBLIC.check(mapped[1], 'ipv4');
  const family = isIP(ip);
  return family === 0 ? false : NOT_PUBLIC.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a receiver URL is refused when private targets are not allowed, judged from the URL alone (an IP literal or
 * `localhost`); undefined when the URL's host is a name, which `publicOnlyDispatcher` checks once it is resolved.
 */
export function privateTargetProblem(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (/^localhost\.?$/i.test(host) || /\.localhost\.?$/i.test(host)) return `${host} is a loopback name`;
  return isIP(host) !== 0 && isPrivateAddress(host) ? `${host} is not a public address` : undefined;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that fails when a name resolves to an address outside the public internet. */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused) {
      return callback(Object.assign(new Error(`${hostname} resolves to ${refused.address}, not a public address (webhooks.allowPrivateTargets is false)`),
        { code: 'GW_REST_PRIVATE_TARGET' }), []);
    }
    if (options.all) return callback(null, addresses);
    return callback(null, addresses[0].address, addresses[0].family);
  });
}

/**
 * A dispatcher whose connections go only to public addresses: the address is checked after resolution, on the
 * connection itself, so a name that resolves differently at delivery time (DNS rebinding) cannot reach inside.
 */
export function publicOnlyDispatcher(): Agent {
  return new Agent({ connect: { lookup: publicOnlyLookup as never } });
}
