import ipaddr from "ipaddr.js";

// Who the client is, for the rate limits. Behind a reverse proxy every connection comes from the
// proxy; the proxy names the client in X-Forwarded-For, which anyone can also send. So the header
// is believed only as far as TRUST_PROXY says (the syntax of Express's `trust proxy`), and read
// from the right: each trusted hop vouches for the entry before it, and the first entry that is
// not a trusted proxy is the client. Runtime-agnostic: the Node server calls it with the socket's
// peer; on Workers, Cloudflare's CF-Connecting-IP already names the client.

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Whether hop `hop` (0: the socket's peer, 1: the right-most X-Forwarded-For entry, …) is a proxy we trust. */
export type ProxyTrust = (address: Address | null, hop: number) => boolean;

// Express's (proxy-addr's) names for the usual proxy ranges.
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ["127.0.0.1/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

export const TRUST_PROXY_SYNTAX =
  "must be loopback, linklocal, uniquelocal, IP addresses or CIDR ranges (comma-separated), a number of hops, true or false";

/**
 * TRUST_PROXY as Express reads `trust proxy`: `true` (every hop: the left-most entry is the client),
 * `false` or `0` (none: forwarded headers are ignored), a number of hops to trust, or a
 * comma-separated list of `loopback`, `linklocal`, `uniquelocal`, addresses and CIDR ranges (IPv4
 * and IPv6). Undefined means trust none; throws an Error naming the entry it cannot read.
 */
export function parseTrustProxy(value: string): ProxyTrust | undefined {
  const setting = value.trim().toLowerCase();
  if (setting === "false") return undefined;
  if (setting === "true") return () => true;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return hops === 0 ? undefined : (_address, hop) => hop < hops;
  }
  const ranges: Array<[Address, number]> = [];
  for (const entry of setting.split(",").map((part) => part.trim())) {
    for (const range of NAMED_RANGES[entry] ?? [entry]) {
      const [text, bits] = range.split("/");
      const address = parseLiteral(text as string);
      const maxBits = address?.kind() === "ipv4" ? 32 : 128;
      const prefix = bits === undefined ? maxBits : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
      if (!address || range.split("/").length > 2 || !(prefix <= maxBits)) throw new Error(`${TRUST_PROXY_SYNTAX}; "${entry}" is none of these`);
      ranges.push([address, prefix]);
    }
  }
  return (address) => address !== null && ranges.some((range) => matches(address, range));
}

function matches(address: Address, [network, bits]: [Address, number]): boolean {
  if (address.kind() === network.kind()) return address.match(network, bits);
  // An IPv4 client against an IPv6 range such as ::ffff:0:0/96.
  return address.kind() === "ipv4" && (address as ipaddr.IPv4).toIPv4MappedAddress().match(network, bits);
}

/** An IPv4 peer of a dual-stack socket (`::ffff:192.0.2.1`) is that IPv4 address. */
function normalized(address: Address): Address {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/** An address as written; dotted quads only (ipaddr.js would also read "1" or "0x7f.1" as IPv4). */
function parseLiteral(text: string): Address | null {
  if (text.includes(":")) return ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text) : null;
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
}

/** One X-Forwarded-For entry or peer address; proxies may write `[v6]:port` or `v4:port`. Null when it is none. */
function parseAddress(text: string): Address | null {
  let candidate = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1] as string;
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  const address = parseLiteral(candidate);
  return address && normalized(address);
}

function format(address: Address): string {
  return address.kind() === "ipv6" ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/**
 * The client's address: the peer itself unless it is a trusted proxy, else the right-most
 * X-Forwarded-For entry that is not a trusted proxy (the left-most when all are). An entry that is
 * no address ends the chain at the hop that wrote it: its own peer is the best we know. Without
 * `trust`, forwarded headers are ignored.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | null | undefined, trust: ProxyTrust | undefined): string {
  const parsedPeer = peer === undefined ? null : parseAddress(peer);
  let client = parsedPeer ? format(parsedPeer) : (peer ?? "unknown");
  if (!trust || !forwardedFor) return client;
  const entries = forwardedFor.split(",");
  let current = parsedPeer;
  for (let hop = 0; trust(current, hop) && hop < entries.length; hop++) {
    const next = parseAddress(entries[entries.length - 1 - hop] as string);
    if (!next) break;
    current = next;
    client = format(next);
  }
  return client;
}

/** The eight 16-bit groups of an IPv6 address (a zone or an embedded IPv4 tail allowed); null when it is none. */
function ipv6Groups(text: string): number[] | null {
  let source = text.includes("%") ? text.slice(0, text.indexOf("%")) : text;
  const v4 = /:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(source);
  if (v4) {
    const bytes = v4.slice(1).map(Number) as [number, number, number, number];
    if (bytes.some((b) => b > 255)) return null;
    source = `${source.slice(0, v4.index + 1)}${((bytes[0] << 8) | bytes[1]).toString(16)}:${((bytes[2] << 8) | bytes[3]).toString(16)}`;
  }
  const halves = source.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.map((g) => Number.parseInt(g, 16));
}

/** RFC 5952's text of an IPv6 address: lowercase, no leading zeros, the longest run of zero groups (two or more, leftmost) as `::`. */
function ipv6Text(groups: number[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start === -1) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/**
 * What a rate limit counts a client by: an IPv4 address as it is, an IPv6 address by its /64 (the
 * least one subscriber is given, so rotating addresses within it does not make a new client).
 * Anything else (a test's name for a client) is kept as it is. Written without ipaddr.js, which only
 * Node's TRUST_PROXY needs: the Worker counts CF-Connecting-IP with this alone (tests compare the two).
 */
export function rateLimitAddress(address: string): string {
  let candidate = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1] as string;
  else if (/^[\d.]+:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(candidate);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    return bytes.every((b) => b <= 255) && v4.slice(1).every((b) => b === "0" || !b.startsWith("0")) ? bytes.join(".") : address;
  }
  const prefix = /^(.*)\/64$/.exec(candidate);
  const groups = ipv6Groups(prefix ? (prefix[1] as string) : candidate);
  if (!groups) return address;
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] as number, groups[7] as number].flatMap((g) => [g >> 8, g & 0xff]).join(".");
  }
  return `${ipv6Text([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}
