import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_AUTH } from "../playwright.config";

// Everything under .next/static is served to any browser: no secret or server-only code may be in it.
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ["NATS user JWT / creds file", /-----BEGIN NATS USER JWT-----|-----BEGIN USER NKEY SEED-----/],
  ["nkey seed", /\bS[UOA][A-Z2-7]{56}\b/],
  ["Switchyard API token", /syt_[A-Za-z0-9_-]{43}/],
  ["password hash", /scrypt\$\d+\$\d+\$\d+\$/],
  ["token hash", /sha256\$[0-9a-f]{64}/],
  ["e2e session secret", new RegExp(E2E_AUTH.sessionSecret)],
  ["server-only NATS client", /@nats-io\/(transport-node|jetstream|kv|nats-core)/],
  [
    "server-only modules",
    /lib\/(auth\/(identify|credentials|credential-store|sign-in)|audit\/|config\/load-config|nats\/registry|nats-server)/,
  ],
  [
    "server-only functions",
    /\b(hashPassword|verifyPassword|encodeSession|sessionSecret|readFileSync|NatsServerProcess)\b/,
  ],
  ["secret-bearing settings", /SWITCHYARD_SESSION_SECRET|NATS_PASSWORD|NATS_CREDS/],
];

test("the browser bundle holds no credentials, hashes or server-only modules", () => {
  const all = files(".next/static").filter((f) => /\.(js|css|json|html|map|txt)$/.test(f));
  expect(all.length).toBeGreaterThan(5);
  const hits: string[] = [];
  for (const file of all) {
    const text = readFileSync(file, "utf8");
    for (const [what, pattern] of FORBIDDEN)
      if (pattern.test(text)) hits.push(`${what} in ${file}: ${text.match(pattern)![0]}`);
  }
  console.log(
    `build output: ${all.length} files under .next/static checked against ${FORBIDDEN.length} patterns`,
  );
  expect(hits).toEqual([]);
});
