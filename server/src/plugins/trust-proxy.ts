import { BlockList, isIP } from 'node:net';

/**
 * Loopback, link-local and private (RFC 1918, unique-local) ranges: where a load balancer in front of the
 * app connects from. proxy-addr calls these `loopback`, `linklocal` and `uniquelocal`.
 */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

/** True for a loopback, link-local or private address (IPv4, IPv6, or IPv4-mapped IPv6). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped ? mapped[1]! : address;
  const family = isIP(plain);
  if (family === 0) return false;
  return PRIVATE.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Fastify's `trustProxy` for the TRUST_PROXY setting. Fastify 5.12 takes a bare hop count as "trust nothing"
 * (it cannot tell a proxy from a client that sends its own X-Forwarded-For), so `TRUST_PROXY=1` did nothing:
 * every request seemed to come from the load balancer and shared its per-IP limits. A hop count is turned
 * into a function here: trust at most `hops` hops, each of which must connect from a loopback or private
 * address (a load balancer in front of the app does; a client on the internet does not, so its own
 * X-Forwarded-For is not believed). Addresses or ranges (`10.0.0.5,127.0.0.1`) and `true`/`false` go to
 * Fastify as they are. See docs/decisions/0029-scale-out-and-shared-request-limits.md.
 */
export function trustProxyOption(
  setting: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  if (setting <= 0) return false;
  return (address, hop) => hop < setting && isPrivateAddress(address);
}
