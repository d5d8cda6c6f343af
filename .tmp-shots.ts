import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS } from "./playwright.config";
async function main() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto("http://localhost:3410/demo/dead-letters?dlq=DEAD_LETTERS");
  await page.waitForTimeout(2500);
  await page.screenshot({ path: "/tmp/dlq-shot-job.png", fullPage: true });
  await page.goto("http://localhost:3410/demo/audit");
  await page.waitForTimeout(1000);
  await page.screenshot({ path: "/tmp/dlq-shot-audit.png", fullPage: true });
  await browser.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
