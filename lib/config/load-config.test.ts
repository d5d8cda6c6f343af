import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { DEFAULT_NATS_URL, loadConfig } from "./load-config";

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-config-"));
  return { dir, env: { HOME: dir, NODE_ENV: "test" } as NodeJS.ProcessEnv };
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("defaults to one local environment like the nats CLI", () => {
    const { dir, env } = sandbox();
    const config = loadConfig(env, dir);
    expect(config.port).toBe(3000);
    expect(config.pollIntervalMs).toBe(5000);
    expect(config.environments).toEqual([
      expect.objectContaining({ name: "default", servers: [DEFAULT_NATS_URL] }),
    ]);
  });

  it("reads the nats CLI variables", () => {
    const { dir, env } = sandbox();
    const config = loadConfig(
      {
        ...env,
        NATS_URL: "nats://a:4222, nats://b:4222",
        NATS_USER: "u",
        NATS_PASSWORD: "p",
        PORT: "8080",
        SWITCHYARD_POLL_INTERVAL_MS: "2000",
      },
      dir,
    );
    expect(config.environments[0]).toMatchObject({
      servers: ["nats://a:4222", "nats://b:4222"],
      user: "u",
      password: "p",
    });
    expect(config.port).toBe(8080);
    expect(config.pollIntervalMs).toBe(2000);
  });

  it.each([
    [{ NATS_URL: "http://nope" }, "NATS_URL"],
    [{ PORT: "99999" }, "PORT"],
    [{ SWITCHYARD_POLL_INTERVAL_MS: "10" }, "SWITCHYARD_POLL_INTERVAL_MS"],
    [{ NATS_CREDS: "/does/not/exist.creds" }, "NATS_CREDS"],
    [{ NATS_CONTEXT: "missing" }, "NATS_CONTEXT"],
    [{ SWITCHYARD_CONFIG: "nope.json" }, "SWITCHYARD_CONFIG"],
  ])("names the bad setting in one line: %o", (vars, setting) => {
    const { dir, env } = sandbox();
    const error = errorOf(() => loadConfig({ ...env, ...vars }, dir));
    expect(error.message).toContain(setting);
    expect(error.message).not.toContain("\n");
  });

  it("reads a nats CLI context by name, with env vars taking precedence", () => {
    const { dir, env } = sandbox();
    mkdirSync(join(dir, ".config/nats/context"), { recursive: true });
    writeFileSync(join(dir, "seed.nk"), "SUAIBDPBAUTWCWBKIO6XHQNINK5FWJW4OHLXC3HQ2KFE4PEJUA44CNHTC4\n");
    writeFileSync(
      join(dir, ".config/nats/context/Prod.json"),
      JSON.stringify({ url: "nats://prod:4222", nkey: join(dir, "seed.nk"), description: "production" }),
    );
    const config = loadConfig({ ...env, NATS_CONTEXT: "Prod", NATS_USER: "me" }, dir);
    expect(config.environments[0]).toMatchObject({
      name: "prod",
      servers: ["nats://prod:4222"],
      nkeyFile: join(dir, "seed.nk"),
      user: "me",
      description: "production",
    });
  });

  it("reads several environments from the config file", () => {
    const { dir, env } = sandbox();
    writeFileSync(
      join(dir, "switchyard.config.json"),
      JSON.stringify({
        pollIntervalMs: 3000,
        deadLetterStreams: ["FAILED"],
        environments: [
          { name: "prod", url: "nats://p:4222" },
          { name: "staging", url: "nats://s:4222", deadLetterStreams: ["S_DLQ"] },
        ],
      }),
    );
    const config = loadConfig(env, dir);
    expect(config.pollIntervalMs).toBe(3000);
    expect(config.environments.map((e) => e.name)).toEqual(["prod", "staging"]);
    expect(config.environments[1]!.deadLetterStreams).toEqual(["S_DLQ", "FAILED"]);
  });

  it.each([
    [{ environments: [{ name: "Prod!" }] }, "environments.0.name"],
    [{ environments: [{ name: "a" }, { name: "a" }] }, "environments"],
    [{ pollInterval: 5 }, "pollInterval"],
    [{ environments: [{ name: "a", creds: "missing.creds" }] }, "environments.0.creds"],
    [{ traces: { keyRules: [{ subjects: "a.*", key: { subjectToken: 0 } }] } }, "traces.keyRules.0.key"],
    [{ traces: { traceLinkTemplate: "javascript:alert(1)" } }, "traces.traceLinkTemplate"],
    [{ traces: { stuckAfter: 5 } }, "traces"],
    [
      { deadLetterHeaders: { APP_DLQ: { subject: "X Original Subject" } } },
      "deadLetterHeaders.APP_DLQ.subject",
    ],
    [{ deadLetterHeaders: { "*": { origin: "X-From" } } }, "deadLetterHeaders.*"],
    [{ deadLetterHeaders: { "a.b": { subject: "X-S" } } }, "deadLetterHeaders.a.b"],
    [
      { environments: [{ name: "a", deadLetterHeaders: { APP: { seq: "" } } }] },
      "environments.0.deadLetterHeaders.APP.seq",
    ],
    [{ environments: [{ name: "a", redriveLeaseSeconds: 0 }] }, "environments.0.redriveLeaseSeconds"],
  ])("rejects a bad config file with the path of the setting: %o", (file, where) => {
    const { dir, env } = sandbox();
    writeFileSync(join(dir, "switchyard.config.json"), JSON.stringify(file));
    const error = errorOf(() => loadConfig(env, dir));
    expect(error.message).toContain("switchyard.config.json");
    expect(error.message).toContain(where);
  });

  it("reads the traces section (key rules, trace link template)", () => {
    const { dir, env } = sandbox();
    const traces = {
      keyRules: [
        { subjects: "jobs.>", stream: "JOBS", key: { jsonField: "meta.conversation_id" }, role: "request" },
      ],
      traceLinkTemplate: "https://tempo.example/trace/{traceId}",
      stuckAfterSeconds: 30,
    };
    writeFileSync(join(dir, "switchyard.config.json"), JSON.stringify({ traces }));
    expect(loadConfig(env, dir).traces).toEqual(traces);
    expect(loadConfig(sandbox().env, sandbox().dir).traces).toEqual({});
  });

  it("reads dead-letter header mappings: the environment's over the file's top level, X-Dlq-* by default", () => {
    const { dir, env } = sandbox();
    const file = {
      deadLetterHeaders: {
        "*": { reason: "X-Error" },
        ORDERS_DLQ: { subject: "X-Top-Subject", seq: "X-Top-Seq" },
      },
      environments: [
        { name: "a", deadLetterHeaders: { ORDERS_DLQ: { subject: "X-Original-Subject" } } },
        { name: "b" },
      ],
    };
    writeFileSync(join(dir, "switchyard.config.json"), JSON.stringify(file));
    const [a, b] = loadConfig(env, dir).environments;
    expect(a!.deadLetters?.originHeaders).toEqual({
      "*": { reason: "X-Error" },
      ORDERS_DLQ: { subject: "X-Original-Subject", seq: "X-Top-Seq" },
    });
    expect(b!.deadLetters?.originHeaders).toEqual(file.deadLetterHeaders);
    expect(loadConfig(sandbox().env, sandbox().dir).environments[0]!.deadLetters?.originHeaders).toEqual({});
  });

  it("rejects a config file that is not JSON", () => {
    const { dir, env } = sandbox();
    writeFileSync(join(dir, "custom.json"), "{ nope");
    expect(errorOf(() => loadConfig({ ...env, SWITCHYARD_CONFIG: "custom.json" }, dir)).message).toContain(
      "not valid JSON",
    );
  });
});
