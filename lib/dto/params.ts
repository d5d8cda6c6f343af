// Zod schemas for path parameters shared by API routes and pages.
import { z } from "zod";
import { CONSUMER_METRICS, RANGES, STREAM_METRICS, type RangeName } from "./series";

export const environmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be an environment name (lowercase letters, digits, - or _)");

/** JetStream stream names: no whitespace, '.', '*', '>' or path separators (nats-server's rule). */
export const streamName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s.*>/\\]+$/, "must be a stream name (no spaces, '.', '*', '>', '/' or '\\')");

export const envParams = z.object({ env: environmentName });
export const streamParams = envParams.extend({ stream: streamName });

/** Consumer names: like stream names (nats-server refuses '.', '*', '>', whitespace and path separators). */
export const consumerName = streamName;
export const consumerParams = streamParams.extend({ consumer: consumerName });

export const rangeName = z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]], {
  message: `range must be one of ${Object.keys(RANGES).join(", ")}`,
});

export const streamSeriesQuery = z.object({
  metric: z.enum(STREAM_METRICS, { message: `metric must be one of ${STREAM_METRICS.join(", ")}` }),
  range: rangeName.default("1h"),
});

export const consumerSeriesQuery = z.object({
  metric: z.enum(CONSUMER_METRICS, { message: `metric must be one of ${CONSUMER_METRICS.join(", ")}` }),
  range: rangeName.default("1h"),
});

/** Parses `?range=` for pages: anything unknown falls back to the default rather than failing the page. */
export function pageRange(value: string | string[] | undefined): RangeName {
  const parsed = rangeName.safeParse(value);
  return parsed.success ? parsed.data : "1h";
}

/** A subject filter typed by a user: tokens separated by '.', `*` for one token, `>` only last. */
export const subjectFilter = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(512)
  .refine(
    (v) => ![...v].some((ch) => ch.charCodeAt(0) < 0x21 || ch.charCodeAt(0) === 0x7f),
    "must not contain spaces or control characters",
  )
  .refine(
    (v) =>
      v
        .split(".")
        .every(
          (t, i, all) =>
            t.length > 0 &&
            (t === ">" ? i === all.length - 1 : !t.includes(">") && (t === "*" || !t.includes("*"))),
        ),
    "must be a NATS subject filter such as tools.result.* (empty tokens are not allowed; > only last)",
  );

export const subjectsQuery = z.object({ filter: subjectFilter.default(">") });
