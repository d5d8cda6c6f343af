// Users and tokens files, re-read when they change on disk, so adding a user needs no restart.
import "server-only";
import { readFileSync, statSync } from "node:fs";
import { parseCredentialFile, type CredentialLine } from "./credentials";

type Cached = {
  mtimeMs: number;
  size: number;
  entries: Map<string, CredentialLine>;
  byHash: Map<string, CredentialLine>;
  checkedAt: number;
};
const CACHE = Symbol.for("switchyard.auth.credential-files");
type Holder = { [CACHE]?: Map<string, Cached> };

// A stat per request is cheap, but once a second is plenty for an operator editing the file.
const RECHECK_MS = 1000;

function cache(): Map<string, Cached> {
  const holder = globalThis as Holder;
  holder[CACHE] ??= new Map();
  return holder[CACHE];
}

function load(path: string | undefined): Cached | null {
  if (!path) return null;
  const now = Date.now();
  const existing = cache().get(path);
  if (existing && now - existing.checkedAt < RECHECK_MS) return existing;
  let stat;
  try {
    stat = statSync(/*turbopackIgnore: true*/ path);
  } catch {
    console.error(`[auth] cannot read ${path}; nobody can sign in with it until it is back`);
    cache().delete(path);
    return null;
  }
  if (existing && existing.mtimeMs === stat.mtimeMs && existing.size === stat.size) {
    existing.checkedAt = now;
    return existing;
  }
  const { entries, problems } = parseCredentialFile(readFileSync(/*turbopackIgnore: true*/ path, "utf8"));
  for (const problem of problems) console.error(`[auth] ${path} ${problem} (ignored)`);
  const byHash = new Map([...entries.values()].map((e) => [e.hash, e]));
  const fresh = { mtimeMs: stat.mtimeMs, size: stat.size, entries, byHash, checkedAt: now };
  cache().set(path, fresh);
  return fresh;
}

export function findUser(usersFile: string | undefined, name: string): CredentialLine | undefined {
  return load(usersFile)?.entries.get(name);
}

export function findTokenByHash(tokensFile: string | undefined, hash: string): CredentialLine | undefined {
  return load(tokensFile)?.byHash.get(hash);
}
