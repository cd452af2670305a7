import { describe, expect, it } from 'vitest';
import { isPrivateAddress, trustProxyOption } from './trust-proxy.js';

describe('isPrivateAddress', () => {
  it('knows loopback, private and link-local ranges on IPv4, IPv6 and IPv4-mapped IPv6', () => {
    for (const a of ['127.0.0.1', '127.9.8.7', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['169.254.1.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.2']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
  });

  it('says no to public addresses and to what is not an address', () => {
    for (const a of [
      '203.0.113.7',
      '8.8.8.8',
      '172.32.0.1',
      '2001:db8::1',
      '::ffff:8.8.8.8',
      '',
      'x',
      '1.2.3',
    ]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});

describe('trustProxyOption', () => {
  it('passes booleans and address lists through', () => {
    expect(trustProxyOption(false)).toBe(false);
    expect(trustProxyOption(true)).toBe(true);
    expect(trustProxyOption('10.0.0.0/8,127.0.0.1')).toBe('10.0.0.0/8,127.0.0.1');
    expect(trustProxyOption(0)).toBe(false);
  });

  it('turns a hop count into at most that many hops, each from a private address', () => {
    const trust = trustProxyOption(1) as (address: string, hop: number) => boolean;
    expect(typeof trust).toBe('function');
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('10.0.0.5', 0)).toBe(true);
    // A second hop is not trusted with a count of 1: a client's own X-Forwarded-For is not believed.
    expect(trust('127.0.0.1', 1)).toBe(false);
    // A client on the internet connecting directly is not a proxy, whatever header it sends.
    expect(trust('203.0.113.7', 0)).toBe(false);
    const two = trustProxyOption(2) as (address: string, hop: number) => boolean;
    expect(two('10.0.0.5', 1)).toBe(true);
    expect(two('10.0.0.5', 2)).toBe(false);
  });
});
