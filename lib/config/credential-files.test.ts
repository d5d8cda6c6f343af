import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createUser } from "@nats-io/nkeys";
import { ConfigError } from "./config-error";
import { loadConfig } from "./load-config";

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-creds-"));
  return { dir, env: { HOME: dir, NODE_ENV: "test" } as NodeJS.ProcessEnv };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const seed = () => new TextDecoder().decode(createUser().getSeed());
const creds = (jwt: string, userSeed: string) =>
  `-----BEGIN NATS USER JWT-----\n${jwt}\n------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n${userSeed}\n------END USER NKEY SEED------\n`;

describe("credential files are checked at start", () => {
  it("accepts a parsable creds file and nkey seed", () => {
    const { dir, env } = sandbox();
    writeFileSync(join(dir, "user.creds"), creds("eyJ0eXAiOiJKV1QifQ.e30.sig", seed()));
    writeFileSync(join(dir, "user.nk"), `${seed()}\n`);
    expect(loadConfig({ ...env, NATS_CREDS: "user.creds" }, dir).environments[0]!.credsFile).toBe(
      join(dir, "user.creds"),
    );
    expect(loadConfig({ ...env, NATS_NKEY: "user.nk" }, dir).environments[0]!.nkeyFile).toBe(
      join(dir, "user.nk"),
    );
  });

  it.each([
    [
      "NATS_CREDS",
      "garbage.creds",
      "not a creds file\n",
      /NATS_CREDS.*garbage\.creds.*not a valid NATS credentials/,
    ],
    ["NATS_CREDS", "dir.creds", null, /NATS_CREDS.*dir\.creds.*is a directory/],
    ["NATS_NKEY", "bad.nk", "SUNOTASEED\n", /NATS_NKEY.*bad\.nk.*not a valid NATS nkey seed/],
    ["NATS_CA", "ca.pem", "-----BEGIN CERTIFICATE-----\nnope\n", /NATS_CA.*ca\.pem.*not a valid PEM CA/],
  ])(
    "%s naming %s stops the start with one line naming the setting and the file",
    (name, file, body, want) => {
      const { dir, env } = sandbox();
      if (body === null) mkdirSync(join(dir, file));
      else writeFileSync(join(dir, file), body);
      const message = messageOf(() => loadConfig({ ...env, [name]: file }, dir));
      expect(message).toMatch(want);
      expect(message).not.toContain("\n");
    },
  );

  it("names the config file's setting for an environment's unreadable creds", () => {
    const { dir, env } = sandbox();
    writeFileSync(join(dir, "bad.creds"), "-----BEGIN NATS USER JWT-----\n");
    writeFileSync(
      join(dir, "switchyard.config.json"),
      JSON.stringify({ environments: [{ name: "prod", creds: "bad.creds" }] }),
    );
    expect(messageOf(() => loadConfig(env, dir))).toMatch(/environments\.0\.creds.*bad\.creds/);
  });
});
