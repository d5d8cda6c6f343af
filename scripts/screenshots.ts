// Takes screenshots of a running Switchyard (default: the demo on :3000) into docs/screenshots/, light and dark.
// PAGES=name=/path,… picks the pages; VIEWPORT=390x844 with PREFIX=phone- takes them as a phone sees them.
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS } from "../playwright.config";

const base = process.env.BASE_URL || "http://localhost:3000";
const env = process.env.SWITCHYARD_ENV_NAME || "demo";
const pages = (
  process.env.PAGES ||
  `overview=/${env},streams=/${env}/streams,stream=/${env}/streams/TOOL_REQUESTS,dead-letters=/${env}/dead-letters`
)
  .split(",")
  .map((entry) => entry.split("=") as [string, string]);

async function main(): Promise<void> {
  mkdirSync("docs/screenshots", { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  for (const scheme of ["light", "dark"] as const) {
    const [width, height] = (process.env.VIEWPORT || "1400x900").split("x").map(Number) as [number, number];
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme });
    for (const [name, path] of pages) {
      await page.goto(`${base}${path}`);
      await page.waitForTimeout(1500); // let live figures arrive over SSE
      const file = `docs/screenshots/${process.env.PREFIX ?? ""}${name}${scheme === "dark" ? "-dark" : ""}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
  await browser.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
