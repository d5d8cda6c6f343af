// Password and API-token hashing (Node's scrypt and SHA-256) and the users/tokens file line format.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { Role } from "@/lib/core/actor";

// OWASP's scrypt floor is N=2^17, r=8, p=1; the cost is stored in each hash so it can be raised later.
const SCRYPT = { N: 131_072, r: 8, p: 1, keyLength: 32 };

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url salt and hash). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.keyLength, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    maxmem: 256 * 1024 * 1024,
  });
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split("$");
  if (kind !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const N = Number(n);
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20) return false;
  const key = await scryptAsync(password, Buffer.from(salt, "base64url"), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const TOKEN_PREFIX = "syt_";

/** A new API token: 256 random bits. Only its hash is stored, so it is shown once. */
export function newApiToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** Tokens carry 256 bits of entropy, so a fast hash is enough (and keeps per-request cost in microseconds). */
export function hashToken(token: string): string {
  return "sha256$" + createHash("sha256").update(token).digest("hex");
}

export type CredentialLine = { name: string; role: Role; hash: string };

const ROLES = new Set<Role>(["viewer", "operator", "admin"]);
export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** `name:role:hash` per line; `#` starts a comment. Returns entries and one message per bad line. */
export function parseCredentialFile(text: string): {
  entries: Map<string, CredentialLine>;
  problems: string[];
} {
  const entries = new Map<string, CredentialLine>();
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const [name, role, ...rest] = line.split(":");
    const hash = rest.join(":");
    if (!name || !USER_NAME.test(name) || !ROLES.has(role as Role) || !/^(scrypt|sha256)\$/.test(hash)) {
      problems.push(`line ${i + 1}: expected name:role:hash with role viewer, operator or admin`);
      return;
    }
    entries.set(name, { name, role: role as Role, hash });
  });
  return { entries, problems };
}

export function credentialLine(entry: CredentialLine): string {
  return `${entry.name}:${entry.role}:${entry.hash}`;
}
