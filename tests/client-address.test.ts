import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { describeConfigError, nodeConfigSchema } from "../src/config.js";
import { createDatabase } from "../src/db/client.js";
import { clientAddress, parseTrustProxy, rateLimitAddress } from "../src/http/client-address.js";
import { createTestDatabase, TEST_SECRET } from "./helpers.js";

const trust = (setting: string) => parseTrustProxy(setting);

describe("clientAddress: who the client is behind proxies", () => {
  it("without TRUST_PROXY is the socket's peer, whatever X-Forwarded-For says", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.9", undefined)).toBe("127.0.0.1");
    expect(clientAddress("198.51.100.7", "203.0.113.9", trust("false"))).toBe("198.51.100.7");
    expect(clientAddress("198.51.100.7", "203.0.113.9", trust("0"))).toBe("198.51.100.7");
  });

  it("is the right-most X-Forwarded-For entry that is not a trusted proxy", () => {
    const loopback = trust("loopback");
    expect(clientAddress("127.0.0.1", "203.0.113.9", loopback)).toBe("203.0.113.9");
    // A forged entry on the left does not move the client the proxy appended.
    expect(clientAddress("127.0.0.1", "1.1.1.1, 203.0.113.9", loopback)).toBe("203.0.113.9");
    // Two proxies: the load balancer (10.0.0.2) in front of the local one.
    const both = trust("loopback, 10.0.0.0/8");
    expect(clientAddress("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", both)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", loopback)).toBe("10.0.0.2");
  });

  it("ignores the header when the peer is not a trusted proxy", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.9", trust("loopback"))).toBe("198.51.100.7");
    expect(clientAddress("10.1.2.3", "203.0.113.9", trust("192.168.0.0/16,fc00::/7"))).toBe("10.1.2.3");
  });

  it("counts hops like Express: n trusts the n nearest, true trusts all (the left-most entry is the client)", () => {
    expect(clientAddress("10.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", trust("1"))).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", trust("2"))).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", trust("3"))).toBe("1.1.1.1");
    expect(clientAddress("10.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2", trust("9"))).toBe("1.1.1.1");
    expect(clientAddress("10.0.0.1", "1.1.1.1, 203.0.113.9", trust("true"))).toBe("1.1.1.1");
    expect(clientAddress("10.0.0.1", null, trust("true"))).toBe("10.0.0.1");
  });

  it("knows Express's named ranges, IPv4 and IPv6", () => {
    expect(clientAddress("::1", "203.0.113.9", trust("loopback"))).toBe("203.0.113.9");
    expect(clientAddress("127.8.9.10", "203.0.113.9", trust("loopback"))).toBe("203.0.113.9");
    expect(clientAddress("fe80::1", "203.0.113.9", trust("linklocal"))).toBe("203.0.113.9");
    expect(clientAddress("169.254.1.1", "203.0.113.9", trust("linklocal"))).toBe("203.0.113.9");
    for (const proxy of ["10.9.8.7", "172.20.0.1", "192.168.1.1", "fd12:3456::1"]) {
      expect(clientAddress(proxy, "2001:db8::5", trust("uniquelocal"))).toBe("2001:db8::5");
    }
    expect(clientAddress("172.32.0.1", "203.0.113.9", trust("uniquelocal"))).toBe("172.32.0.1");
  });

  it("matches IPv6 CIDRs and an IPv4 peer of a dual-stack socket (::ffff:a.b.c.d)", () => {
    expect(clientAddress("2001:db8:aa::1", "203.0.113.9", trust("2001:db8:aa::/48"))).toBe("203.0.113.9");
    expect(clientAddress("2001:db8:ab::1", "203.0.113.9", trust("2001:db8:aa::/48"))).toBe("2001:db8:ab::1");
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.9", trust("loopback"))).toBe("203.0.113.9");
    expect(clientAddress("::ffff:10.0.0.5", "203.0.113.9", trust("::ffff:10.0.0.0/104"))).toBe("203.0.113.9");
    expect(clientAddress("::ffff:198.51.100.7", null, undefined)).toBe("198.51.100.7");
  });

  it("normalises what proxies write: ports, brackets, blanks, IPv6 spelling", () => {
    const loopback = trust("loopback");
    expect(clientAddress("127.0.0.1", " 203.0.113.9:4711 ", loopback)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "[2001:DB8:0:0::7]:443", loopback)).toBe("2001:db8::7");
    expect(clientAddress("127.0.0.1", "2001:0db8:0000::0007", loopback)).toBe("2001:db8::7");
  });

  it("stops at an entry that is no address: the last trusted hop's peer is the best it knows", () => {
    expect(clientAddress("127.0.0.1", "unknown", trust("loopback"))).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "203.0.113.9, garbage", trust("true"))).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "0x7f.1", trust("true"))).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "", trust("true"))).toBe("127.0.0.1");
  });
});

describe("rateLimitAddress: what the limits count", () => {
  it("groups IPv6 clients by /64 and keeps IPv4 addresses whole", () => {
    expect(rateLimitAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitAddress("2001:db8:1:2:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(rateLimitAddress("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(rateLimitAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitAddress("2001:db8:1:2::/64")).toBe("2001:db8:1:2::/64");
    expect(rateLimitAddress("unknown")).toBe("unknown");
  });

  it("counts every address as ipaddr.js reads it (the Worker's copy has no ipaddr.js)", () => {
    const addresses = [
      "2001:DB8:0:0:1:0:0:1",
      "2001:db8::",
      "::1",
      "::",
      "fe80::1%eth0",
      "[2001:db8:a:b::7]:443",
      "2001:0db8:0000:0000:0000:ff00:0042:8329",
      "0:0:0:0:0:ffff:192.0.2.1",
      "64:ff9b::192.0.2.33",
      "1:0:0:2:0:0:0:3",
      "1:0:0:0:2:0:0:3",
      "2606:4700:4700::1111",
      "10.0.0.1",
      "192.0.2.7:8080",
    ];
    for (const address of addresses) {
      const bare = address
        .replace(/^\[|\](:\d+)?$/g, "")
        .replace(/%.*$/, "")
        .replace(/^([\d.]+):\d+$/, "$1");
      const parsed = ipaddr.process(bare);
      const expected =
        parsed.kind() === "ipv4"
          ? parsed.toString()
          : `${new ipaddr.IPv6([...(parsed as ipaddr.IPv6).parts.slice(0, 4), 0, 0, 0, 0]).toRFC5952String()}/64`;
      expect(rateLimitAddress(address), address).toBe(expected);
    }
    for (const notAnAddress of ["1:2:3", "2001:db8:::1", "1.2.3.256", "01.2.3.4", "g::1", "1::2::3"])
      expect(rateLimitAddress(notAnAddress)).toBe(notAnAddress);
  });
});

describe("TRUST_PROXY", () => {
  it("accepts Express's forms and refuses anything else by name", () => {
    for (const ok of ["loopback", "linklocal,uniquelocal", "10.0.0.1", "10.0.0.0/8, ::1, 2001:db8::/32", "2", "true", "false", "TRUE"]) {
      expect(nodeConfigSchema.safeParse({ TRUST_PROXY: ok }).success, ok).toBe(true);
    }
    for (const bad of ["yes", "loopbak", "10.0.0.0/33", "10/8", "1.2.3", "::1/129", "10.0.0.0/8/8", "loopback,", "-1", "2001:db8::/x"]) {
      const result = nodeConfigSchema.safeParse({ TRUST_PROXY: bad });
      expect(result.success, bad).toBe(false);
      expect(describeConfigError(result.error!)).toMatch(/^invalid configuration: TRUST_PROXY must be loopback, linklocal, uniquelocal/);
    }
  });
});

describe("the Worker's client: CF-Connecting-IP", () => {
  it("counts IPv6 clients by /64, so rotating addresses in one allocation shares a limit", async () => {
    const client = await createTestDatabase({ seed: false });
    // No clientAddress given: what src/worker.ts builds.
    const app = createApp({
      db: createDatabase(client),
      config: { publicUrl: "http://api.test", signingSecret: TEST_SECRET, anonRateLimitPerMinute: 2 },
    });
    const from = (address: string) => app.request("/problems/not-found", { headers: { "CF-Connecting-IP": address } });
    expect((await from("2001:db8:1:2::a")).status).toBe(200);
    expect((await from("2001:db8:1:2:ffff::b")).status).toBe(200);
    expect((await from("2001:db8:1:2::c")).status).toBe(429);
    expect((await from("2001:db8:1:3::a")).status).toBe(200);
    expect((await from("203.0.113.9")).status).toBe(200);
  });
});
