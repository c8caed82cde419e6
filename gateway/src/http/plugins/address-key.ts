import { isIPv6 } from 'node:net';

/** IPv4-mapped IPv6 (`::ffff:192.0.2.7`): one IPv4 client, counted as its address like any IPv4 one. */
const IPV4_MAPPED = /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i;

/**
 * The key a client address is counted under: an IPv4 address (or IPv4-mapped IPv6) as it is, an IPv6 address by
 * its /64 network. One IPv6 subscriber is usually given a whole /64, so counting per /128 would let it rotate
 * through 2^64 fresh budgets; a /64 is the smallest unit one party cannot trivially multiply.
 *
 * @example addressKey('2001:db8:1:2::7') === '2001:db8:1:2::/64'
 */
export function addressKey(address: string): string {
    const bare = address.split('%')[0]!;
    if (!isIPv6(bare) || IPV4_MAPPED.test(bare)) {
        return address;
    }
    return `${firstGroups(bare, 4).join(':')}::/64`;
}

/** The first `count` 16-bit groups of an IPv6 address, each in lowercase hex without leading zeros. */
function firstGroups(address: string, count: number): string[] {
    const [head = '', tail] = address.toLowerCase().split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === undefined || tail === '' ? [] : tail.split(':');
    // A trailing dotted IPv4 part (::1.2.3.4, 64:ff9b::1.2.3.4) stands for two groups; only the first four matter.
    const width = (groups: string[]): number => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
    const zeros = tail === undefined ? [] : Array<string>(8 - width(left) - width(right)).fill('0');
    return [...left, ...zeros, ...right].slice(0, count).map((group) => group.replace(/^0+(?=.)/, ''));
}
