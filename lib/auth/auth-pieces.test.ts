import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, type AuthConfig } from "@/lib/config/load-config";
import { AppError } from "@/lib/core/errors";
import { addressMatches, isLoopback } from "./addresses";
import { unsafeBinding } from "./binding";
import { checkCsrf } from "./csrf";
import { hashPassword, hashToken, newApiToken, parseCredentialFile, verifyPassword } from "./credentials";
import { identify } from "./identify";
import { failureLimiter } from "./rate-limit";
import { roleAllows, roleFromGroups } from "@/lib/core/roles";
import { decodeSession, encodeSession, readCookie } from "./session-cookie";

const SECRET = "unit-test-secret-0123456789abcdefghij";

describe("credentials", () => {
  it("hashes passwords with a salt and verifies them", async () => {
    const a = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(await hashPassword("correct horse battery"));
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("wrong", a)).toBe(false);
    expect(await verifyPassword("x", "sha256$abc")).toBe(false);
    expect(await verifyPassword("x", "scrypt$99999999999$8$1$a$b")).toBe(false);
  });

  it("makes 256-bit tokens and parses credential files, reporting bad lines", () => {
    const token = newApiToken();
    expect(token).toMatch(/^syt_[\w-]{43}$/);
    expect(hashToken(token)).toMatch(/^sha256\$[0-9a-f]{64}$/);
    const { entries, problems } = parseCredentialFile(
      `# comment\nada:admin:scrypt$1$2$3$4$5\n\nbob:root:scrypt$x\nbad line\nci:viewer:${hashToken(token)}\n`,
    );
    expect([...entries.keys()]).toEqual(["ada", "ci"]);
    expect(problems).toEqual([
      "line 4: expected name:role:hash with role viewer, operator or admin",
      "line 5: expected name:role:hash with role viewer, operator or admin",
    ]);
  });
});

describe("session cookie", () => {
  const session = { user: "ada", id: "session-id-0123456789", issuedAt: 1_000, expiresAt: 10_000 };
  it("round-trips and rejects forged, tampered and expired values", () => {
    const value = encodeSession(session, SECRET);
    expect(decodeSession(value, SECRET, 5_000)).toEqual(session);
    expect(decodeSession(value, SECRET, 10_000)).toBeNull();
    expect(decodeSession(value, "another-secret-0123456789abcdefghijkl", 5_000)).toBeNull();
    const [body, mac] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "admin", iat: 1_000, exp: 10_000 })).toString("base64url");
    expect(decodeSession(`${forged}.${mac}`, SECRET, 5_000)).toBeNull();
    expect(decodeSession(`${body}.`, SECRET, 5_000)).toBeNull();
    expect(decodeSession("garbage", SECRET, 5_000)).toBeNull();
  });
  it("reads one cookie among several", () => {
    expect(readCookie("a=1; switchyard_session=xyz; b=2", "switchyard_session")).toBe("xyz");
    expect(readCookie("a=1", "switchyard_session")).toBeUndefined();
  });
});

describe("addresses, roles, binding, limiter", () => {
  it("matches loopback, exact addresses and IPv4 ranges", () => {
    expect(isLoopback("127.0.0.1")).toBe(true);
    expect(isLoopback("::ffff:127.0.0.5")).toBe(true);
    expect(isLoopback("::1")).toBe(true);
    expect(isLoopback("10.0.0.1")).toBe(false);
    expect(isLoopback(null)).toBe(false);
    expect(addressMatches("10.1.2.3", "10.0.0.0/8")).toBe(true);
    expect(addressMatches("11.1.2.3", "10.0.0.0/8")).toBe(false);
    expect(addressMatches("::ffff:192.168.1.9", "192.168.1.9")).toBe(true);
    expect(addressMatches("not-an-ip", "10.0.0.0/8")).toBe(false);
  });
  it("orders roles and maps groups to the highest role", () => {
    expect(roleAllows("viewer", "read")).toBe(true);
    expect(roleAllows("viewer", "operate")).toBe(false);
    expect(roleAllows("operator", "operate")).toBe(true);
    expect(roleAllows("operator", "admin")).toBe(false);
    const mapping = { viewer: ["staff"], operator: ["oncall"], admin: ["platform"] };
    expect(roleFromGroups(["staff", " oncall"], mapping)).toBe("operator");
    expect(roleFromGroups(["sales"], mapping)).toBeUndefined();
    expect(roleFromGroups(["sales"], mapping, "viewer")).toBe("viewer");
  });
  it("refuses mode none on a network address only", () => {
    expect(unsafeBinding("none", "127.0.0.1")).toBeNull();
    expect(unsafeBinding("none", "localhost")).toBeNull();
    expect(unsafeBinding("password", "0.0.0.0")).toBeNull();
    expect(unsafeBinding("none", "0.0.0.0")).toMatch(
      /^Refusing to start: sign-in is off .* HOST=127\.0\.0\.1\.$/,
    );
  });
  it("limits failures per key within the window", () => {
    const limiter = failureLimiter(2, 60_000);
    limiter.fail(["a"], 0);
    expect(limiter.check(["a"], 1)).toBe(0);
    limiter.fail(["a"], 1000);
    expect(limiter.check(["a", "b"], 2000)).toBe(58);
    expect(limiter.check(["a"], 60_001)).toBe(0);
  });
});

describe("CSRF", () => {
  const ok = { host: "dash:3000", origin: "http://dash:3000", "x-switchyard-csrf": "1" };
  it("accepts same-origin requests with the header", () => {
    expect(() => checkCsrf(new Headers(ok))).not.toThrow();
    expect(() =>
      checkCsrf(
        new Headers({ host: "dash:3000", "x-switchyard-csrf": "1", "sec-fetch-site": "same-origin" }),
      ),
    ).not.toThrow();
  });
  it.each([
    [{ ...ok, "x-switchyard-csrf": "0" }],
    [{ ...ok, origin: "http://evil:3000" }],
    [{ ...ok, origin: "null" }],
    [{ ...ok, origin: "not a url" }],
    [{ host: "dash:3000", "x-switchyard-csrf": "1", "sec-fetch-site": "cross-site" }],
  ])("refuses %j", (headers) => {
    expect(() => checkCsrf(new Headers(headers))).toThrow(AppError);
  });
});

describe("identify", () => {
  const base: AuthConfig = {
    mode: "none",
    sessionTtlSeconds: 3600,
    metricsOpen: false,
    sessionSecret: SECRET,
  };
  it("mode none: local clients are admin, others nobody", async () => {
    expect((await identify(new Headers({ "x-forwarded-for": "127.0.0.1" }), base)).actor).toMatchObject({
      user: "local",
      role: "admin",
      via: "none",
    });
    expect((await identify(new Headers({ "x-forwarded-for": "10.0.0.2" }), base)).actor).toBeNull();
  });
  it("mode proxy: identity headers only from trusted addresses, role from groups", async () => {
    const config: AuthConfig = {
      ...base,
      mode: "proxy",
      proxy: {
        trustedAddresses: ["10.0.0.0/24"],
        userHeader: "x-forwarded-user",
        emailHeader: "x-forwarded-email",
        groupsHeader: "x-forwarded-groups",
        groupRoles: { viewer: [], operator: ["oncall"], admin: [] },
      },
    };
    const who = { "x-forwarded-user": "ada", "x-forwarded-groups": "eng,oncall" };
    expect(
      (await identify(new Headers({ ...who, "x-forwarded-for": "10.0.0.7" }), config)).actor,
    ).toMatchObject({
      user: "ada",
      role: "operator",
      via: "proxy",
    });
    expect((await identify(new Headers({ ...who, "x-forwarded-for": "10.0.1.7" }), config)).actor).toBeNull();
    await expect(
      identify(
        new Headers({
          "x-forwarded-user": "eve",
          "x-forwarded-groups": "sales",
          "x-forwarded-for": "10.0.0.7",
        }),
        config,
      ),
    ).rejects.toThrow(/no.*role|none of their groups/);
  });
  it("rejects an unknown API token instead of falling back", async () => {
    await expect(identify(new Headers({ authorization: "Bearer syt_nope" }), base)).rejects.toThrow(
      /not recognised/,
    );
  });
});

describe("auth configuration", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-authcfg-"));
  writeFileSync(join(dir, "users.txt"), "");
  it("defaults to mode none with masking on", () => {
    const config = loadConfig({} as NodeJS.ProcessEnv, dir);
    expect(config.auth).toMatchObject({ mode: "none", metricsOpen: false, sessionTtlSeconds: 28_800 });
    expect(config.masking.enabled).toBe(true);
  });
  it("needs a users file for password and proxies for proxy mode, naming the setting", () => {
    expect(() => loadConfig({ SWITCHYARD_AUTH: "password" } as unknown as NodeJS.ProcessEnv, dir)).toThrow(
      /SWITCHYARD_USERS_FILE is required/,
    );
    expect(() => loadConfig({ SWITCHYARD_AUTH: "proxy" } as unknown as NodeJS.ProcessEnv, dir)).toThrow(
      /SWITCHYARD_TRUSTED_PROXIES is required/,
    );
    expect(() => loadConfig({ SWITCHYARD_AUTH: "ldap" } as unknown as NodeJS.ProcessEnv, dir)).toThrow(
      /SWITCHYARD_AUTH must be none, password or proxy/,
    );
    const config = loadConfig(
      {
        SWITCHYARD_AUTH: "password",
        SWITCHYARD_USERS_FILE: "users.txt",
        SWITCHYARD_METRICS_OPEN: "true",
      } as unknown as NodeJS.ProcessEnv,
      dir,
    );
    expect(config.auth).toMatchObject({
      mode: "password",
      usersFile: join(dir, "users.txt"),
      metricsOpen: true,
    });
  });
  it("reads auth and masking from the config file", () => {
    writeFileSync(
      join(dir, "switchyard.config.json"),
      JSON.stringify({
        auth: {
          mode: "proxy",
          proxy: { trustedAddresses: ["10.0.0.1"], groupRoles: { admin: ["platform"] } },
        },
        masking: { paths: ["customer.name"], patterns: ["email", { name: "iban", regex: "GB\\d+" }] },
      }),
    );
    const config = loadConfig({} as NodeJS.ProcessEnv, dir);
    expect(config.auth.proxy).toMatchObject({
      trustedAddresses: ["10.0.0.1"],
      groupRoles: { admin: ["platform"], operator: [], viewer: [] },
      defaultRole: undefined,
    });
    expect(config.masking.rules.paths).toEqual(["customer.name"]);
  });
});
