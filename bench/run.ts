// `npm run bench [name…]`: runs every bench/*.bench.ts scenario (or the named ones) in turn.
// Each scenario prints its figure against a baseline measured in the same run (a ratio), plus absolute numbers.
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";

type Scenario = { default: () => Promise<void> };

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const dir = join(process.cwd(), "bench");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  if (files.length === 0)
    throw new Error(`no bench scenario matches ${wanted.join(", ") || "bench/*.bench.ts"}`);
  for (const file of files) {
    console.log(`\n=== ${file} ===`);
    const scenario = (await import(pathToFileURL(join(dir, file)).href)) as Scenario;
    await scenario.default();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
