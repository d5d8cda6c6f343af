// Sign-in under concurrency: the attempt is counted before the hash, so 20 parallel wrong passwords for one user
// from one address check at most 5; password checks per process are capped.
import { beforeAll, describe, expect, it } from "vitest";
import {
  callRoute,
  discoverRoutes,
  installAuthFixture,
  type AuthFixture,
  type DiscoveredRoute,
} from "@/lib/testing/route-harness";
import { useNatsServer } from "@/lib/testing/use-nats-server";
import { hashGate } from "./hash-gate";
import { failureLimiter } from "./rate-limit";
import { MAX_CONCURRENT_CHECKS, MAX_FAILURES_PER_MINUTE, passwordChecks } from "./sign-in";

const suite = useNatsServer();
let fixture: AuthFixture;
let login: DiscoveredRoute;

beforeAll(async () => {
  fixture = await installAuthFixture(suite().server.url);
  login = (await discoverRoutes()).find((r) => r.path === "/api/auth/login")!;
});

function attempt(user: string, password: string, address: string): Promise<Response> {
  return callRoute(login, {
    params: {},
    headers: {
      ...fixture.headersFor("anonymous"),
      "x-forwarded-for": address,
      "content-type": "application/json",
    },
    body: JSON.stringify({ user, password }),
  });
}

describe("sign-in under concurrency", () => {
  it("20 parallel wrong passwords for one user from one address: at most 5 checked, the rest 429", async () => {
    const before = passwordChecks().started;
    const statuses = (
      await Promise.all(Array.from({ length: 20 }, () => attempt("operator", "wrong-password", "10.30.0.1")))
    ).map((r) => r.status);
    const checked = passwordChecks().started - before;
    const refused = statuses.filter((s) => s === 429).length;
    console.log(
      `sign-in race: 20 parallel attempts → ${checked} checked (scrypt runs), ${refused} refused (429)`,
    );
    expect(checked).toBeLessThanOrEqual(MAX_FAILURES_PER_MINUTE);
    expect(statuses.filter((s) => s === 401)).toHaveLength(checked);
    expect(refused).toBe(20 - checked);
    expect(passwordChecks().peak).toBeLessThanOrEqual(MAX_CONCURRENT_CHECKS);

    // The right password is refused too until the window passes (the limit is per address and per user).
    expect((await attempt("operator", fixture.passwords.operator, "10.30.0.1")).status).toBe(429);
    expect((await attempt("operator", fixture.passwords.operator, "10.30.0.2")).status).toBe(429);
    expect((await attempt("viewer", fixture.passwords.viewer, "10.30.0.1")).status).toBe(429);
    expect((await attempt("viewer", fixture.passwords.viewer, "10.30.0.3")).status).toBe(200);
  });

  it("20 parallel wrong passwords for 20 names from one address: the address limit holds", async () => {
    const before = passwordChecks().started;
    const statuses = (
      await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`nobody-${i}`, "wrong", "10.30.0.4")))
    ).map((r) => r.status);
    expect(passwordChecks().started - before).toBeLessThanOrEqual(MAX_FAILURES_PER_MINUTE);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
  });
});

describe("failure limiter reservations", () => {
  it("counts a reserved attempt at once and takes it back when released", () => {
    const limiter = failureLimiter(2, 60_000);
    const a = limiter.reserve(["k"], 1000);
    const b = limiter.reserve(["k"], 1001);
    expect([a.wait, b.wait]).toEqual([0, 0]);
    expect(limiter.reserve(["k"], 1002).wait).toBe(60);
    a.release();
    a.release();
    expect(limiter.check(["k"], 1003)).toBe(0);
    expect(limiter.reserve(["k"], 1004).wait).toBe(0);
    expect(limiter.check(["k"], 61_002)).toBe(0);
  });
});

describe("hash gate", () => {
  it("runs at most `concurrency` at once, queues a bounded number and turns the rest away", async () => {
    const gate = hashGate(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<number>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        releases.push(() => {
          running--;
          resolve(1);
        });
      });
    const results = Array.from({ length: 7 }, () => gate.run(work));
    // Two run, three wait, two are turned away at once.
    expect(await results[5]).toBeNull();
    expect(await results[6]).toBeNull();
    const progress = { settled: 0 };
    for (const result of results.slice(0, 5)) void result.then(() => progress.settled++);
    // Finish the running checks one by one; each hands its slot to the next in line.
    while (progress.settled < 5) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect((await Promise.all(results.slice(0, 5))).map((r) => r?.value)).toEqual([1, 1, 1, 1, 1]);
    expect(peak).toBe(2);
    expect(gate.stats()).toEqual({ started: 5, peak: 2 });
  });
});
