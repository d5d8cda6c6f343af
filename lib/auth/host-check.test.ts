// The network edge: which Host is answered, forwarded headers only from trusted proxies, the client address
// behind them, and the public-origins setting.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, type AuthConfig } from "@/lib/config/load-config";
import { AppError } from "@/lib/core/errors";
import { forwardedClient } from "./addresses";
import { checkCsrf } from "./csrf";
import { hostRefusal, requestHost } from "./host-check";
import { clientAddress } from "./identify";

const NONE: AuthConfig = { mode: "none", sessionTtlSeconds: 3600, metricsOpen: false };
const PROXIED: AuthConfig = {
  ...NONE,
  mode: "password",
  proxy: {
    trustedAddresses: ["10.0.0.0/24", "192.168.7.7"],
    userHeader: "x-forwarded-user",
    emailHeader: "x-forwarded-email",
    groupsHeader: "x-forwarded-groups",
    groupRoles: { viewer: [], operator: [], admin: [] },
  },
};
const local = (host: string | undefined, extra: Record<string, string> = {}) =>
  new Headers({ "x-forwarded-for": "127.0.0.1", ...(host === undefined ? {} : { host }), ...extra });

describe("host allow-list, mode none", () => {
  it.each([
    "localhost:3000",
    "LOCALHOST:3000",
    "127.0.0.1:3000",
    "127.8.9.10:3000",
    "[::1]:3000",
    "127.1:3000",
    "2130706433:3000",
  ])("answers %s at the served port", (host) => {
    expect(hostRefusal(local(host), NONE, 3000)).toBeNull();
  });

  it.each([
    ["a rebound name at the served port", "evil.example:3000"],
    ["a rebound name without a port", "evil.example"],
    ["a name ending in localhost", "localhost.evil.example:3000"],
    ["a subdomain of localhost", "evil.localhost:3000"],
    ["localhost with a trailing dot", "localhost.:3000"],
    ["loopback at another port", "localhost:3001"],
    ["loopback without the port", "localhost"],
    ["the unspecified address", "0.0.0.0:3000"],
    ["a LAN address", "192.168.1.20:3000"],
    ["userinfo", "localhost:3000@evil.example"],
    ["a path", "localhost:3000/x"],
    ["two hosts", "localhost:3000, evil.example"],
    ["an empty host", ""],
    ["spaces", "local host:3000"],
  ])("refuses %s (%j)", (_, host) => {
    expect(hostRefusal(local(host), NONE, 3000)).toMatch(/^refused: /);
  });

  it("refuses a request without Host, and answers port 80 without a port", () => {
    expect(hostRefusal(local(undefined), NONE, 3000)).toMatch(/no valid host/);
    expect(hostRefusal(local("localhost"), NONE, 80)).toBeNull();
  });

  it("also answers a configured public origin (an SSH tunnel's port, say)", () => {
    const config = { ...NONE, publicOrigins: ["http://localhost:8080"] };
    expect(hostRefusal(local("localhost:8080"), config, 3000)).toBeNull();
    expect(hostRefusal(local("localhost:3000"), config, 3000)).toBeNull();
    expect(hostRefusal(local("evil.example:8080"), config, 3000)).toMatch(/localhost:8080/);
  });

  it("ignores X-Forwarded-Host from a peer that is not a trusted proxy", () => {
    const headers = local("evil.example:3000", { "x-forwarded-host": "localhost:3000" });
    expect(hostRefusal(headers, NONE, 3000)).toMatch(/not as evil\.example:3000/);
  });
});

describe("host allow-list, public origins", () => {
  const config: AuthConfig = { ...PROXIED, publicOrigins: ["https://switchyard.example.com"] };
  const from = (peer: string, headers: Record<string, string>) =>
    new Headers({ "x-forwarded-for": peer, ...headers });

  it("accepts any host when no origin is configured (modes password and proxy)", () => {
    expect(hostRefusal(from("10.9.9.9", { host: "anything:1234" }), PROXIED, 3000)).toBeNull();
  });

  it("answers the configured origin, directly or through a trusted proxy", () => {
    expect(hostRefusal(from("10.9.9.9", { host: "switchyard.example.com" }), config, 3000)).toBeNull();
    expect(hostRefusal(from("10.9.9.9", { host: "Switchyard.Example.com:443" }), config, 3000)).toBeNull();
    const proxied = { host: "10.0.0.5:3000", "x-forwarded-host": "switchyard.example.com" };
    expect(
      hostRefusal(from("10.0.0.1", { ...proxied, "x-forwarded-proto": "https" }), config, 3000),
    ).toBeNull();
  });

  it("refuses other hosts, and forwarded host/proto from untrusted peers or naming another origin", () => {
    expect(hostRefusal(from("10.9.9.9", { host: "evil.example" }), config, 3000)).toMatch(/^refused/);
    expect(hostRefusal(from("10.9.9.9", { host: "switchyard.example.com:80" }), config, 3000)).toMatch(
      /^refused/,
    );
    expect(
      hostRefusal(
        from("10.9.9.9", { host: "evil.example", "x-forwarded-host": "switchyard.example.com" }),
        config,
        3000,
      ),
    ).toMatch(/not as evil\.example/);
    expect(
      hostRefusal(
        from("10.0.0.1", { host: "switchyard.example.com", "x-forwarded-proto": "http" }),
        config,
        3000,
      ),
    ).toMatch(/^refused/);
    expect(hostRefusal(from("10.9.9.9", {}), config, 3000)).toMatch(/no valid host/);
  });
});

describe("forwarded headers and the client address", () => {
  it("believes X-Forwarded-Host only from a trusted proxy", () => {
    const forwarded = { host: "10.0.0.5:3000", "x-forwarded-host": "switchyard.example.com" };
    expect(requestHost(new Headers({ ...forwarded, "x-forwarded-for": "10.0.0.1" }), PROXIED)).toBe(
      "switchyard.example.com",
    );
    expect(requestHost(new Headers({ ...forwarded, "x-forwarded-for": "10.9.9.9" }), PROXIED)).toBe(
      "10.0.0.5:3000",
    );
    expect(requestHost(new Headers({ ...forwarded, "x-forwarded-for": "127.0.0.1" }), NONE)).toBe(
      "10.0.0.5:3000",
    );
  });

  it("CSRF compares Origin with the host it is given, not with X-Forwarded-Host", () => {
    const forged = new Headers({
      host: "localhost:3000",
      origin: "http://evil.example",
      "x-forwarded-host": "evil.example",
      "x-switchyard-csrf": "1",
    });
    expect(() => checkCsrf(forged)).toThrow(AppError);
    expect(() => checkCsrf(forged, requestHost(forged, NONE))).toThrow(/evil\.example is not this server/);
    expect(() => checkCsrf(forged, "evil.example")).not.toThrow();
  });

  it.each([
    ["no header", null, null],
    ["one client", "203.0.113.9", "203.0.113.9"],
    ["a client-sent entry before the real one", "1.2.3.4, 203.0.113.9", "203.0.113.9"],
    ["a spoofed trusted address before the real one", "10.0.0.1, 203.0.113.9", "203.0.113.9"],
    ["two trusted proxies after the client", "6.6.6.6, 203.0.113.9, 192.168.7.7, 10.0.0.3", "203.0.113.9"],
    ["only trusted hops", "10.0.0.8, 10.0.0.3", "10.0.0.8"],
    ["empty entries", " , 203.0.113.9 ,, 10.0.0.3, ", "203.0.113.9"],
    ["IPv6 and mapped addresses", "2001:db8::1, ::ffff:10.0.0.3", "2001:db8::1"],
  ])("forwardedClient: %s", (_, header, expected) => {
    expect(forwardedClient(header, PROXIED.proxy!.trustedAddresses)).toBe(expected);
  });

  it("records the right-most untrusted address behind a trusted proxy, else the peer itself", () => {
    // Without serve.mjs the peer is the first X-Forwarded-For entry (what Next fills in from the socket).
    const viaProxy = new Headers({ "x-forwarded-for": "10.0.0.1, 1.2.3.4, 203.0.113.9" });
    expect(clientAddress(viaProxy, PROXIED)).toBe("203.0.113.9");
    const direct = new Headers({ "x-forwarded-for": "198.51.100.4, 1.2.3.4" });
    expect(clientAddress(direct, PROXIED)).toBe("198.51.100.4");
  });
});

describe("auth.publicOrigins / SWITCHYARD_PUBLIC_ORIGINS", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-origins-"));
  const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

  it("parses and normalises the origins; none by default", () => {
    expect(loadConfig(env({}), dir).auth.publicOrigins).toEqual([]);
    expect(
      loadConfig(
        env({
          SWITCHYARD_PUBLIC_ORIGINS: "https://Switchyard.Example.com/, http://10.0.0.5:3000 ,https://a.b:443",
        }),
        dir,
      ).auth.publicOrigins,
    ).toEqual(["https://switchyard.example.com", "http://10.0.0.5:3000", "https://a.b"]);
  });

  it.each([
    "switchyard.example.com",
    "https://switchyard.example.com/console",
    "https://switchyard.example.com?x=1",
    "https://user@switchyard.example.com",
    "ftp://switchyard.example.com",
    "https://a.b, nope",
  ])("refuses %j, naming the setting", (value) => {
    expect(() => loadConfig(env({ SWITCHYARD_PUBLIC_ORIGINS: value }), dir)).toThrow(
      /SWITCHYARD_PUBLIC_ORIGINS must be an origin such as https:\/\/switchyard\.example\.com/,
    );
  });
});
