// Auth overhead per API request: the overview route called in-process with sign-in off (baseline) vs a password
// session cookie vs an API token, interleaved in the same run. Sizes: BENCH_AUTH_REQUESTS (default 3000 per mode).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { hashPassword, hashToken, newApiToken } from "@/lib/auth/credentials";
import { encodeSession, SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { beginSession } from "@/lib/auth/sessions";
import { loadConfig, type SwitchyardConfig } from "@/lib/config/load-config";
import { NatsServerProcess } from "@/lib/nats-server/nats-server-process";
import { environmentConnection } from "@/lib/nats/registry";

const CONFIG_KEY = Symbol.for("switchyard.config");
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export default async function main(): Promise<void> {
  const requests = Number(process.env.BENCH_AUTH_REQUESTS || 3000);
  const server = await NatsServerProcess.start({});
  try {
    const dir = mkdtempSync(join(tmpdir(), "switchyard-auth-bench-"));
    const token = newApiToken();
    writeFileSync(join(dir, "users.txt"), `ada:viewer:${await hashPassword("bench-password-1")}\n`);
    writeFileSync(join(dir, "tokens.txt"), `bench:viewer:${hashToken(token)}\n`);
    const secret = "bench-session-secret-0123456789abcdef";
    const env = {
      NATS_URL: server.url,
      SWITCHYARD_ENV_NAME: "bench",
      SWITCHYARD_POLL_INTERVAL_MS: "60000",
      SWITCHYARD_USERS_FILE: join(dir, "users.txt"),
      SWITCHYARD_TOKENS_FILE: join(dir, "tokens.txt"),
      SWITCHYARD_SESSION_SECRET: secret,
    };
    const configs: Record<string, SwitchyardConfig> = {
      none: loadConfig({ ...env, SWITCHYARD_AUTH: "none" } as unknown as NodeJS.ProcessEnv, dir),
      session: loadConfig({ ...env, SWITCHYARD_AUTH: "password" } as unknown as NodeJS.ProcessEnv, dir),
      token: loadConfig({ ...env, SWITCHYARD_AUTH: "password" } as unknown as NodeJS.ProcessEnv, dir),
    };
    const holder = globalThis as Record<symbol, unknown>;
    holder[CONFIG_KEY] = configs.none;
    const deadline = Date.now() + 10_000;
    while (environmentConnection("bench").status().state !== "connected" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));

    const { GET } = (await import("@/app/api/env/[env]/overview/route")) as { GET: Handler };
    // A stored session, as sign-in makes it: the per-request check is the session view's lookup.
    const cookie = `${SESSION_COOKIE}=${encodeSession(await beginSession(configs.session!.auth, "ada"), secret)}`;
    const headers: Record<string, Record<string, string>> = {
      none: { "x-forwarded-for": "127.0.0.1" },
      session: { "x-forwarded-for": "10.0.0.9", cookie },
      token: { "x-forwarded-for": "10.0.0.9", authorization: `Bearer ${token}` },
    };
    const samples: Record<string, number[]> = { none: [], session: [], token: [] };
    const call = async (mode: string) => {
      holder[CONFIG_KEY] = configs[mode];
      const request = new Request("http://localhost/api/env/bench/overview", { headers: headers[mode] });
      const start = performance.now();
      const response = await GET(request, { params: Promise.resolve({ env: "bench" }) });
      await response.text();
      const elapsed = performance.now() - start;
      if (response.status !== 200) throw new Error(`${mode}: HTTP ${response.status}`);
      return elapsed;
    };
    for (let i = 0; i < 200; i++) for (const mode of Object.keys(samples)) await call(mode); // warm-up (JIT, first poll)
    for (let i = 0; i < requests; i++)
      for (const mode of Object.keys(samples)) samples[mode]!.push(await call(mode));

    const stats = Object.fromEntries(
      Object.entries(samples).map(([mode, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        return [
          mode,
          { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) },
        ];
      }),
    );
    const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
    console.log(`${requests} requests per mode, interleaved, GET /api/env/bench/overview in-process`);
    for (const [mode, s] of Object.entries(stats))
      console.log(`  ${mode.padEnd(8)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  p99 ${fmt(s.p99)}`);
    for (const mode of ["session", "token"]) {
      const added = stats[mode]!.p95 - stats.none!.p95;
      console.log(
        `auth added (${mode} vs none): p95 +${fmt(added)} (ratio ${(stats[mode]!.p95 / stats.none!.p95).toFixed(2)}×) — budget 2 ms: ${added <= 2 ? "OK" : "OVER"}`,
      );
    }
    const t0 = performance.now();
    await hashPassword("bench-password-1");
    console.log(
      `for scale: one password verification (scrypt N=2^17), paid once per sign-in, not per request: ${fmt(performance.now() - t0)}`,
    );
    await environmentConnection("bench").stop();
  } finally {
    await server.stop();
  }
}
