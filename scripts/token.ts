// `npm run token -- create NAME --role viewer|operator|admin [--file tokens.txt]`: a new API token (shown
// once) and its hash line.
import { parseArgs } from "node:util";
import { credentialLine, hashToken, newApiToken, USER_NAME } from "@/lib/auth/credentials";
import { upsertCredential } from "@/lib/auth/credential-file-edit";
import type { Role } from "@/lib/core/actor";

const USAGE = "usage: npm run token -- create NAME --role viewer|operator|admin [--file TOKENS_FILE]";

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { role: { type: "string", default: "viewer" }, file: { type: "string" } },
  });
  const [command, name] = positionals;
  if (command !== "create" || !name) throw new Error(USAGE);
  if (!USER_NAME.test(name))
    throw new Error(`token name ${JSON.stringify(name)} must be 1-64 letters, digits, '.', '_', '@' or '-'`);
  if (!["viewer", "operator", "admin"].includes(values.role!))
    throw new Error(`--role must be viewer, operator or admin\n${USAGE}`);
  const token = newApiToken();
  const line = { name, role: values.role as Role, hash: hashToken(token) };
  if (values.file)
    console.log(
      `${upsertCredential(values.file, line) === "added" ? "Added" : "Replaced"} token ${name} (${line.role}) in ${values.file}.`,
    );
  else
    console.log(
      `Put this line in the tokens file (SWITCHYARD_TOKENS_FILE / auth.tokensFile):\n\n${credentialLine(line)}`,
    );
  console.log(`\nThe token (shown once; send it as "Authorization: Bearer <token>"):\n${token}`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
