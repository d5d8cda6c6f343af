// `npm run user -- add NAME --role viewer|operator|admin [--password P] [--file users.txt]`: prints (or
// writes) a users-file line. `npm run user -- signout NAME`: ends every session of NAME on every replica.
import { parseArgs } from "node:util";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { credentialLine, hashPassword, USER_NAME } from "@/lib/auth/credentials";
import { generatePassword, upsertCredential } from "@/lib/auth/credential-file-edit";
import { deleteUserSessions, openSessionBucket } from "@/lib/auth/session-store";
import { recordAudit } from "@/lib/audit/record-audit";
import { loadConfig } from "@/lib/config/load-config";
import { connectionOptions } from "@/lib/nats/connection-options";
import type { Role } from "@/lib/core/actor";

const USAGE = [
  "usage: npm run user -- add NAME --role viewer|operator|admin [--password PASSWORD] [--file USERS_FILE]",
  "       npm run user -- signout NAME   (NATS settings as for npm start: NATS_URL, SWITCHYARD_CONFIG, …)",
].join("\n");

/** Sessions live in the first (default) environment, where sign-in stores them; audited there too. */
async function signOutEverywhere(name: string): Promise<void> {
  const config = loadConfig();
  const env = config.environments[0]!;
  const nc = await connect({ ...connectionOptions(env), reconnect: false, name: "switchyard:user-signout" });
  try {
    const kv = await openSessionBucket(nc, config.auth.sessionTtlSeconds * 1000);
    const ended = await deleteUserSessions(kv, name);
    await recordAudit(
      { nc, jsm: await jetstreamManager(nc) },
      {
        user: name,
        address: null,
        action: "signout",
        result: "ok",
        detail: { by: "npm run user -- signout", sessions: ended },
      },
    );
    console.log(`Ended ${ended} session${ended === 1 ? "" : "s"} of ${name} (environment ${env.name}).`);
  } finally {
    await nc.close();
  }
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: "string", default: "viewer" },
      password: { type: "string" },
      file: { type: "string" },
    },
  });
  const [command, name] = positionals;
  if ((command !== "add" && command !== "signout") || !name) throw new Error(USAGE);
  if (!USER_NAME.test(name))
    throw new Error(`user name ${JSON.stringify(name)} must be 1-64 letters, digits, '.', '_', '@' or '-'`);
  if (command === "signout") return signOutEverywhere(name);
  if (!["viewer", "operator", "admin"].includes(values.role!))
    throw new Error(`--role must be viewer, operator or admin\n${USAGE}`);
  const password = values.password ?? generatePassword();
  if (password.length < 12) throw new Error("--password must be at least 12 characters");
  const line = { name, role: values.role as Role, hash: await hashPassword(password) };
  if (values.file) {
    const outcome = upsertCredential(values.file, line);
    console.log(`${outcome === "added" ? "Added" : "Replaced"} ${name} (${line.role}) in ${values.file}.`);
  } else {
    console.log("Put this line in the users file (SWITCHYARD_USERS_FILE / auth.usersFile):\n");
    console.log(credentialLine(line));
  }
  if (!values.password) console.log(`\nGenerated password for ${name} (shown once): ${password}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
