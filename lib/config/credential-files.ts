// Checks the files a connection will read (creds, nkey seed, TLS) at start, so a bad one stops the start with one
// line naming the setting and the file instead of a connect loop that retries "unable to parse credentials" forever.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { credsAuthenticator, nkeyAuthenticator } from "@nats-io/transport-node";

export type CredentialKind = "creds" | "nkey" | "ca" | "cert" | "key";

const NONCE = "switchyard-start-check";

/** Why the file cannot serve as `kind`, or undefined when it can (it is read and parsed the way a connect would). */
export function credentialFileProblem(kind: CredentialKind, path: string): string | undefined {
  let bytes: Buffer;
  try {
    if (statSync(/*turbopackIgnore: true*/ path).isDirectory()) return `names ${path}, which is a directory`;
    bytes = readFileSync(/*turbopackIgnore: true*/ path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return `names ${path}, which cannot be read (${code ?? (error as Error).message})`;
  }
  try {
    parse(kind, bytes);
    return undefined;
  } catch (error) {
    return `names ${path}, which is not a valid ${DESCRIPTION[kind]} (${firstLine(error)})`;
  }
}

const DESCRIPTION: Record<CredentialKind, string> = {
  creds: "NATS credentials file (JWT and seed)",
  nkey: "NATS nkey seed file",
  ca: "PEM CA certificate",
  cert: "PEM client certificate",
  key: "PEM private key",
};

function parse(kind: CredentialKind, bytes: Buffer): void {
  switch (kind) {
    case "creds":
      // The authenticator parses lazily; signing a nonce does exactly what a connect does with the file.
      credsAuthenticator(new Uint8Array(bytes))(NONCE);
      return;
    case "nkey":
      nkeyAuthenticator(new TextEncoder().encode(bytes.toString("utf8").trim()))(NONCE);
      return;
    case "ca":
    case "cert":
      if (!new X509Certificate(bytes).subject) throw new Error("certificate without a subject");
      return;
    case "key":
      createPrivateKey(bytes);
      return;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 200);
}
