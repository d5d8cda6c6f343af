// `npm run user -- add NAME --role viewer|operator|admin [--password P] [--file users.txt]`: prints (or
// writes) a users-file line.
import { parseArgs } from "node:util";
import { credentialLine, hashPassword, USER_NAME } from "@/lib/auth/credentials";
import { generatePassword, upsertCredential } from "@/lib/auth/credential-file-edit";
import type { Role } from "@/lib/core/actor";

const USAGE =
  "usage: npm run user -- add NAME --role viewer|operator|admin [--password PASSWORD] [--file USERS_FILE]";

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
  if (command !== "add" || !name) throw new Error(USAGE);
  if (!USER_NAME.test(name))
    throw new Error(`user name ${JSON.stringify(name)} must be 1-64 letters, digits, '.', '_', '@' or '-'`);
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
