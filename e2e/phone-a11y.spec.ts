// Every page at a phone (390×844) and a desktop (1440×900), light and dark: nothing wider than the screen outside a
// deliberate scroll box, and axe (WCAG 2.1 A/AA + best practices) finds no critical or serious violation.
import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { jetstream, jetstreamManager, RetentionPolicy } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { E2E } from "../playwright.config";
import { seedDeadLetters } from "./fixtures/seed-dead-letters";

const ENV = E2E.environment;
const NATS_URL = `nats://127.0.0.1:${E2E.natsPort}`;

const LOOKS = [
  { name: "phone light", width: 390, height: 844, colorScheme: "light" },
  { name: "phone dark", width: 390, height: 844, colorScheme: "dark" },
  { name: "desktop light", width: 1440, height: 900, colorScheme: "light" },
  { name: "desktop dark", width: 1440, height: 900, colorScheme: "dark" },
] as const;

type Finding = { look: string; overflow: string[]; axe: string[]; critical: number; serious: number };

/** Elements sticking out of the viewport that no ancestor clips or scrolls (a deliberate scroll box does). */
function overflowing(): string[] {
  const width = document.documentElement.clientWidth;
  const describe = (el: Element) => {
    const id = el.id ? `#${el.id}` : "";
    const testId = el.getAttribute("data-testid");
    const cls = typeof el.className === "string" ? el.className.split(/\s+/).slice(0, 3).join(".") : "";
    const text = (el.textContent ?? "").trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${id}${testId ? `[data-testid=${testId}]` : ""}${cls ? `.${cls}` : ""} "${text}"`;
  };
  const clipped = (el: Element) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = new Set<Element>();
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > width + 1 || r.left < -1) && !clipped(el)) out.add(el);
  }
  const outermost = [...out].filter((el) => !el.parentElement || !out.has(el.parentElement));
  const scrollWidth = document.documentElement.scrollWidth;
  // The page scrolls sideways: name what reaches its right edge (even inside a box that does not clip it).
  const widest =
    scrollWidth > width
      ? [...document.body.querySelectorAll("*")]
          .filter((el) => Math.abs(el.getBoundingClientRect().right + window.scrollX - scrollWidth) < 2)
          .slice(-2)
          .map((el) => `reaches the right edge: ${describe(el)}`)
      : [];
  const page = scrollWidth > width ? [`page ${scrollWidth}px wide`, ...widest] : [];
  return [
    ...page,
    ...outermost
      .slice(0, 8)
      .map((el) => `${describe(el)} right=${Math.round(el.getBoundingClientRect().right)}`),
  ];
}

async function check(page: Page, path: string, ready: (page: Page) => Promise<void>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const look of LOOKS) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.colorScheme, reducedMotion: "reduce" });
    await page.goto(path);
    await ready(page);
    const overflow = await page.evaluate(overflowing);
    const result = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .analyze();
    const bad = result.violations.filter((v) => v.impact === "critical" || v.impact === "serious");
    const count = (impact: string) =>
      bad.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0);
    findings.push({
      look: look.name,
      overflow,
      axe: bad.map(
        (v) =>
          `${v.impact} ${v.id} ×${v.nodes.length}: ${v.nodes
            .slice(0, 2)
            .map((n) => n.target.join(" "))
            .join(" | ")}`,
      ),
      critical: count("critical"),
      serious: count("serious"),
    });
  }
  return findings;
}

function report(name: string, findings: Finding[]) {
  for (const f of findings) {
    console.log(
      `[a11y] ${name} · ${f.look}: ${f.critical} critical, ${f.serious} serious, ${f.overflow.length} overflowing`,
    );
  }
  const problems = findings.filter((f) => f.overflow.length || f.axe.length);
  // One readable failure per page: which look, what sticks out, which rule on which element.
  expect(
    problems.map((f) => ({ look: f.look, overflow: f.overflow, axe: f.axe })),
    `${name}: overflow or critical/serious axe violations`,
  ).toEqual([]);
}

const heading = (name: string | RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
};

test.describe("every page fits a phone and passes axe, light and dark", () => {
  test.describe.configure({ timeout: 120_000 });

  const pages: {
    name: string;
    path: () => Promise<string> | string;
    ready: (page: Page) => Promise<void>;
  }[] = [
    { name: "overview", path: () => `/${ENV}`, ready: heading("Overview") },
    { name: "streams", path: () => `/${ENV}/streams`, ready: heading("Streams") },
    { name: "stream", path: () => `/${ENV}/streams/TOOL_REQUESTS`, ready: heading(/TOOL_REQUESTS/) },
    {
      name: "consumer",
      path: () => `/${ENV}/streams/TOOL_REQUESTS/consumers/worker-crm_lookup`,
      ready: heading(/worker-crm_lookup/),
    },
    { name: "conversations", path: () => `/${ENV}/conversations`, ready: heading("Conversations") },
    { name: "dead letters", path: () => `/${ENV}/dead-letters`, ready: heading("Dead letters") },
    { name: "audit", path: () => `/${ENV}/audit`, ready: heading(/Audit/) },
    { name: "incidents", path: () => `/${ENV}/incidents`, ready: heading("Incidents") },
    { name: "tools", path: () => `/${ENV}/tools`, ready: heading("Tools") },
    { name: "tool", path: () => `/${ENV}/tools/crm_lookup`, ready: heading("crm_lookup") },
  ];
  for (const p of pages) {
    test(p.name, async ({ page }) => {
      report(p.name, await check(page, await p.path(), p.ready));
    });
  }

  test("trace", async ({ page }) => {
    await page.goto(`/${ENV}/conversations`);
    const link = page.getByTestId("conversation-row").first().getByRole("link");
    await expect(async () => {
      await page.reload();
      await expect(link).toBeVisible({ timeout: 2000 });
    }).toPass({ timeout: 45_000 });
    const id = (await link.innerText()).trim();
    report("trace", await check(page, `/${ENV}/conversations/${id}`, heading(id)));
  });

  test("dead-letter entry", async ({ page }) => {
    const nc = await connect({ servers: NATS_URL });
    const [seq] = await seedDeadLetters(nc, `a11y${Date.now().toString(36)}`).finally(() => nc.close());
    report(
      "dead-letter entry",
      await check(page, `/${ENV}/dead-letters/SWITCHYARD_DLQ/${seq}`, heading(/Entry/)),
    );
  });

  test("incident", async ({ page, request }) => {
    // A work queue nobody reads opens an incident of its own (no consumer for the stream); removed afterwards.
    const stream = `A11Y_UNREAD_${Date.now().toString(36).toUpperCase()}`;
    const nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.add({
        name: stream,
        subjects: [`a11y.${stream}.>`],
        retention: RetentionPolicy.Workqueue,
      });
      await jetstream(nc).publish(`a11y.${stream}.job`, "{}");
      let id = "";
      await expect(async () => {
        const res = await request.get(`/api/env/${ENV}/incidents?state=open`);
        const { incidents } = (await res.json()) as {
          incidents: { id: string; where: { stream?: string } }[];
        };
        id = incidents.find((i) => i.where.stream === stream)?.id ?? "";
        expect(id).not.toBe("");
      }).toPass({ timeout: 60_000 });
      report(
        "incident",
        await check(page, `/${ENV}/incidents/${id}`, async (p) => {
          await expect(p.getByTestId("incident-heading")).toBeVisible();
        }),
      );
    } finally {
      await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
    }
  });

  test("login", async ({ page }) => {
    report(
      "login",
      await check(page, `http://127.0.0.1:${E2E.authAppPort}/login`, async (p) => {
        await expect(p.getByLabel("User name")).toBeVisible();
      }),
    );
  });
});

test("on a phone the menu reaches every section; Skip to content is the first Tab stop", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/${ENV}`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const sections = page.getByRole("navigation", { name: "Sections" });
  for (const name of [
    "Overview",
    "Incidents",
    "Streams",
    "Tools",
    "Conversations",
    "Dead letters",
    "Audit",
  ]) {
    await expect(sections.getByRole("link", { name })).toBeVisible();
  }
  await page.keyboard.press("Escape");
  await expect(sections).toHaveCount(0);
  await expect(menu).toBeFocused();
  await menu.click();
  await sections.getByRole("link", { name: "Audit" }).click();
  await expect(page).toHaveURL(new RegExp(`/${ENV}/audit$`));
  await expect(page.getByRole("heading", { level: 1, name: "Audit" })).toBeVisible();
  await expect(sections).toHaveCount(0);
});
