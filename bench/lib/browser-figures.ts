// What a user sees in Chromium: time to the first table row, DOM size, filter latency and scroll smoothness.
import type { Page } from "@playwright/test";

const ROWS = '[data-testid^="stream-row-"]';

export type PageFigures = {
  visibleMs: number | null;
  domContentLoadedMs: number | null;
  domNodes: number | null;
};

/** Loads `url` and waits for the first stream row; null figures when it did not appear within `timeoutMs`. */
export async function loadPage(page: Page, url: string, timeoutMs: number): Promise<PageFigures> {
  const started = Date.now();
  try {
    await page.goto(url, { waitUntil: "commit", timeout: timeoutMs });
    await page
      .locator(ROWS)
      .first()
      .waitFor({ timeout: Math.max(1, timeoutMs - (Date.now() - started)) });
  } catch {
    return { visibleMs: null, domContentLoadedMs: null, domNodes: null };
  }
  const visibleMs = Date.now() - started;
  await page.waitForLoadState("domcontentloaded", { timeout: timeoutMs }).catch(() => {});
  const figures = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    return {
      domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : null,
      domNodes: document.getElementsByTagName("*").length,
    };
  });
  return { visibleMs, ...figures };
}

/** One keystroke's latency: in the page's own clock, and as the driver (this process) saw it. */
export type KeyLatency = {
  /** The key's event (its timestamp: when the browser received it) → the frame whose rows match what was typed. */
  page: number;
  /** From sending the key to the answer of the check that saw the rows: adds the driver's protocol round trips. */
  driver: number;
};

/**
 * Types `text` into the stream filter one key at a time; for each key, the time until the URL holds it and every
 * row shown matches it (or the table says nothing matches). A key not answered within `timeoutMs` counts as null.
 */
export async function filterLatencies(
  page: Page,
  text: string,
  timeoutMs: number,
): Promise<(KeyLatency | null)[]> {
  const box = page.getByRole("searchbox", { name: /filter streams/i });
  await box.click();
  // Where a key's time goes, in the page's clock: the key, the input event, the list fetch, the rows on screen.
  await page.evaluate(
    `document.addEventListener("keydown", (e) => { window.__keyAt = e.timeStamp; }, true);
     document.addEventListener("input", () => { window.__inputAt = performance.now(); }, true)`,
  );
  const out: (KeyLatency | null)[] = [];
  for (let i = 1; i <= text.length; i++) {
    const typed = text.slice(0, i);
    const started = Date.now();
    await page.keyboard.type(text[i - 1]!);
    try {
      // Done when the URL holds what was typed, no table is waiting for its rows, and every row shown matches.
      const answered = await page.waitForFunction(
        ({ rows, text: sofar }) => {
          if (new URL(location.href).searchParams.get("q") !== sofar) return false;
          if (document.querySelector('table[aria-busy="true"]')) return false;
          const needle = sofar.toUpperCase();
          const names = [...document.querySelectorAll(rows)].map((r) =>
            (r.getAttribute("data-testid") ?? "").slice("stream-row-".length),
          );
          const matches =
            names.length === 0
              ? document.body.innerText.includes("No stream matches")
              : // Case-insensitive, as the server filters (own KV_SWITCHYARD_INCIDENTS_bench matches "b").
                names.every((n) => n.toUpperCase().includes(needle));
          return matches ? performance.now() : false;
        },
        { rows: ROWS, text: typed },
        { timeout: timeoutMs, polling: "raf" },
      );
      const driver = Date.now() - started;
      const doneAt = Number(await answered.jsonValue());
      const keyAt = await page.evaluate<number>(`window.__keyAt`);
      out.push({ page: Math.round(doneAt - keyAt), driver });
      console.log(
        `    key ${typed}: ${await keyBreakdown(page, typed, doneAt)}; key → rows ${Math.round(doneAt - keyAt)} ms (driver ${driver} ms)`,
      );
    } catch {
      out.push(null);
      break;
    }
  }
  await box.fill("");
  return out;
}

/** Input event → list fetch sent → answered → rows shown, from the page's own clock and resource timing. */
async function keyBreakdown(page: Page, typed: string, doneAt: number): Promise<string> {
  const t = await page.evaluate<{
    input: number;
    start: number | null;
    sent: number | null;
    firstByte: number | null;
    end: number | null;
  }>(
    `(() => {
      const fetches = performance.getEntriesByType("resource").filter((e) =>
        e.name.includes("/streams?") && new URL(e.name).searchParams.get("filter") === ${JSON.stringify(typed)});
      const last = fetches.at(-1);
      return { input: window.__inputAt, start: last ? last.startTime : null, sent: last ? last.requestStart : null,
        firstByte: last ? last.responseStart : null, end: last ? last.responseEnd : null };
    })()`,
  );
  const ms = (n: number) => `${Math.round(n)} ms`;
  if (t.start === null || t.end === null) return `input → rows ${ms(doneAt - t.input)} (no fetch seen)`;
  // Queued: waiting in the browser for a connection (event streams hold some of the 6 per host).
  const split =
    t.sent && t.firstByte ? ` (queued ${ms(t.sent - t.start)}, server ${ms(t.firstByte - t.sent)})` : "";
  return `input → fetch ${ms(t.start - t.input)}, fetch ${ms(t.end - t.start)}${split}, answer → rows ${ms(doneAt - t.end)}; input → rows ${ms(doneAt - t.input)}`;
}

// A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
const SCROLL = `new Promise((resolve) => {
  window.scrollTo(0, 0);
  let last = performance.now();
  let worst = 0;
  const step = () => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
    const before = window.scrollY;
    window.scrollBy(0, window.innerHeight / 2);
    if (window.scrollY === before) resolve(worst);
    else requestAnimationFrame(step);
  };
  requestAnimationFrame(() => {
    last = performance.now();
    requestAnimationFrame(step);
  });
})`;

/** Scrolls the page top to bottom half a screen per frame and returns the longest gap between frames (ms). */
export async function scrollGap(page: Page): Promise<number> {
  return page.evaluate<number>(SCROLL);
}
