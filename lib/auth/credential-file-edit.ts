// Adds or replaces a `name:role:hash` line in a users or tokens file (used by the user/token commands and the demo).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { credentialLine, type CredentialLine } from "./credentials";

export function upsertCredential(path: string, entry: CredentialLine): "added" | "replaced" {
  const lines = existsSync(path)
    ? readFileSync(path, "utf8")
        .split(/\r?\n/)
        .filter((l, i, all) => l !== "" || i < all.length - 1)
    : [];
  const at = lines.findIndex((l) => l.split(":")[0] === entry.name);
  if (at >= 0) lines[at] = credentialLine(entry);
  else lines.push(credentialLine(entry));
  // 0600: hashes are not secrets by themselves, but nobody else needs to read them.
  writeFileSync(path, lines.join("\n") + "\n", { mode: 0o600 });
  return at >= 0 ? "replaced" : "added";
}

/** 20 characters from a 57-symbol alphabet without look-alikes: about 117 bits. */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}
