// Zod schemas for Switchyard's settings: the environment variables (nats CLI names) and the optional config file.
import { z } from "zod";
import { roleSchema } from "@/lib/core/actor";
import { afterRedriveSchema } from "@/lib/dto/dead-letters";
import { alertsSchema } from "./alerts-schema";
import { healthConfigSchema } from "./health-schema";
import { toolsConfigSchema } from "./tools-schema";

const nonEmpty = z.string().trim().min(1, "must not be empty");

const natsUrlList = nonEmpty.refine(
  (value) =>
    value.split(",").every((part) => /^(nats|tls|ws|wss):\/\/[^\s]+$|^[^\s:/]+(:\d+)?$/.test(part.trim())),
  "must be a comma-separated list of servers such as nats://host:4222",
);

const port = z.coerce
  .number()
  .int()
  .min(1, "must be a port number 1-65535")
  .max(65535, "must be a port number 1-65535");

const headerName = nonEmpty.regex(
  /^[!-9;-~]+$/,
  "must be a header name (printable ASCII without spaces or ':')",
);

/**
 * Origin headers of dead-letter streams that applications write themselves, per stream name ("*" = every one):
 * which header holds each origin field. Unset fields keep Switchyard's X-Dlq-* names (what the simulator writes).
 */
export const deadLetterHeadersSchema = z
  .record(
    z.string(),
    z
      .object({
        stream: headerName,
        subject: headerName,
        seq: headerName,
        consumer: headerName,
        deliveries: headerName,
        reason: headerName,
        time: headerName,
      })
      .partial()
      .strict(),
  )
  .superRefine((mappings, ctx) => {
    for (const key of Object.keys(mappings)) {
      if (!/^(\*|[^\s.*>/\\]+)$/.test(key))
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: 'must be keyed by a stream name or "*" (every application dead-letter stream)',
        });
    }
  });

/** Connection settings of one NATS environment; field names follow the nats CLI context file. */
export const environmentSchema = z
  .object({
    name: nonEmpty.regex(
      /^[a-z0-9][a-z0-9_-]{0,39}$/,
      "must be lowercase letters, digits, - or _ (it becomes part of every URL)",
    ),
    description: z.string().optional(),
    context: nonEmpty.optional(),
    url: natsUrlList.optional(),
    user: nonEmpty.optional(),
    password: z.string().optional(),
    token: nonEmpty.optional(),
    creds: nonEmpty.optional(),
    nkey: nonEmpty.optional(),
    ca: nonEmpty.optional(),
    cert: nonEmpty.optional(),
    key: nonEmpty.optional(),
    jetstreamDomain: nonEmpty.optional(),
    deadLetterStreams: z.array(nonEmpty).optional(),
    deadLetterHeaders: deadLetterHeadersSchema.optional(),
    /** Work-queue streams whose originals stay after dead-letter capture (default: removed once the copy is stored). */
    deadLetterKeepOriginals: z.array(nonEmpty).optional(),
    /** Default redrive rate limit in messages per second (0 = unlimited). */
    redriveRatePerSecond: z.number().int().min(0).max(100_000).optional(),
    /** After a confirmed redrive: delete the DLQ entry (default) or keep it. */
    redriveAfter: afterRedriveSchema.optional(),
    /** Byte limits of SWITCHYARD_ADVISORIES and SWITCHYARD_DLQ when Switchyard creates them (fitted to the account). */
    advisoryStreamMaxBytes: z
      .number()
      .int()
      .min(1024 * 1024, "must be at least 1 MiB (bytes)")
      .optional(),
    deadLetterStreamMaxBytes: z
      .number()
      .int()
      .min(1024 * 1024, "must be at least 1 MiB (bytes)")
      .optional(),
    /** How long a redrive job's runner holds it without writing progress before another replica resumes it. */
    redriveLeaseSeconds: z
      .number()
      .int()
      .min(1, "must be at least 1 (seconds)")
      .max(600, "must be at most 600 (seconds)")
      .optional(),
    /** Incidents and notifications (README "Alerts"); overrides the file's top-level `alerts`. */
    alerts: alertsSchema.optional(),
  })
  .strict();

/** IPv4/IPv6 addresses or IPv4 CIDR ranges, e.g. 10.0.0.0/8. */
const addressList = z.array(
  nonEmpty.regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, "must be an IP address or IPv4 CIDR range"),
);

/** True for an http(s) origin: scheme, host and optional port, nothing after (a trailing "/" aside). */
export function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.href === `${url.origin}/`;
  } catch {
    return false;
  }
}

const ORIGIN_MESSAGE =
  "must be an origin such as https://switchyard.example.com (scheme, host, optional port; no path)";

/** Sign-in, API tokens and who may see what. See README "Access control". */
export const authSchema = z
  .object({
    mode: z.enum(["none", "password", "proxy"]).optional(),
    usersFile: nonEmpty.optional(),
    tokensFile: nonEmpty.optional(),
    sessionSecret: z.string().min(32, "must be at least 32 characters").optional(),
    sessionTtlMinutes: z
      .number()
      .int()
      .min(5, "must be at least 5 (minutes)")
      .max(43_200, "must be at most 43200 (30 days)")
      .optional(),
    metricsOpen: z.boolean().optional(),
    /** The origins browsers use to reach Switchyard; requests naming another host are refused. */
    publicOrigins: z.array(nonEmpty.refine(isOrigin, ORIGIN_MESSAGE)).optional(),
    proxy: z
      .object({
        trustedAddresses: addressList.min(1, "must list the reverse proxy's address(es)"),
        userHeader: nonEmpty.optional(),
        emailHeader: nonEmpty.optional(),
        groupsHeader: nonEmpty.optional(),
        groupRoles: z
          .object({
            viewer: z.array(nonEmpty).optional(),
            operator: z.array(nonEmpty).optional(),
            admin: z.array(nonEmpty).optional(),
          })
          .strict()
          .optional(),
        defaultRole: roleSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const customPattern = z
  .object({ name: nonEmpty.regex(/^[a-z0-9_-]+$/i, "must be letters, digits, - or _"), regex: nonEmpty })
  .strict()
  .refine((p) => {
    try {
      return new RegExp(p.regex, "g") instanceof RegExp;
    } catch {
      return false;
    }
  }, "regex must be a valid JavaScript regular expression");

/** Which parts of message payloads are masked before they leave the server. */
export const maskingSchema = z
  .object({
    enabled: z.boolean().optional(),
    paths: z.array(nonEmpty).optional(),
    patterns: z.array(z.union([z.enum(["email", "phone", "apiKey"]), customPattern])).optional(),
    headers: z.array(nonEmpty).optional(),
  })
  .strict();

const subjectPattern = nonEmpty.regex(/^[^\s]+$/, "must be a subject or pattern such as tools.execute.>");

/** Where a value sits in a message: a subject token (from 1), the first of some headers, or a JSON field. */
const keySourceSchema = z.union([
  z.object({ subjectToken: z.number().int().min(1, "counts tokens from 1") }).strict(),
  z.object({ header: z.array(nonEmpty).min(1) }).strict(),
  z.object({ jsonField: nonEmpty }).strict(),
]);

/**
 * Where a stream's messages carry the conversation id, and optionally the tool they concern (docs: README,
 * "Conversation traces"). A result without a tool rule takes its tool from the request it answers.
 */
export const keyRuleSchema = z
  .object({
    subjects: subjectPattern,
    stream: nonEmpty.optional(),
    key: keySourceSchema,
    tool: keySourceSchema.optional(),
    role: z.enum(["conversation", "request", "result", "other"]).optional(),
  })
  .strict();

export const tracesSchema = z
  .object({
    keyRules: z.array(keyRuleSchema).optional(),
    requestIdHeaders: z.array(nonEmpty).min(1).optional(),
    traceLinkTemplate: z
      .string()
      .regex(/^https?:\/\/\S*\{traceId\}\S*$/, "must be an http(s) URL containing {traceId}")
      .optional(),
    stuckAfterSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional(),
    indexMaxMessages: z.number().int().min(1000).max(50_000_000).optional(),
    indexMaxAgeMinutes: z
      .number()
      .int()
      .min(1)
      .max(30 * 24 * 60)
      .optional(),
  })
  .strict();

export const configFileSchema = z
  .object({
    auth: authSchema.optional(),
    masking: maskingSchema.optional(),
    port: port.optional(),
    pollIntervalMs: z
      .number()
      .int()
      .min(1000, "must be at least 1000 (ms)")
      .max(600_000, "must be at most 600000 (ms)")
      .optional(),
    environments: z
      .array(environmentSchema)
      .min(1, "must list at least one environment")
      .refine(
        (list) => new Set(list.map((e) => e.name)).size === list.length,
        "environment names must be unique",
      )
      .optional(),
    deadLetterStreams: z.array(nonEmpty).optional(),
    deadLetterHeaders: deadLetterHeadersSchema.optional(),
    health: healthConfigSchema.optional(),
    traces: tracesSchema.optional(),
    tools: toolsConfigSchema.optional(),
    /** Alerts of every environment that has no `alerts` of its own. */
    alerts: alertsSchema.optional(),
  })
  .strict();

export const envVarsSchema = z.object({
  NATS_URL: natsUrlList.optional(),
  NATS_USER: nonEmpty.optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: nonEmpty.optional(),
  NATS_CREDS: nonEmpty.optional(),
  NATS_NKEY: nonEmpty.optional(),
  NATS_CA: nonEmpty.optional(),
  NATS_CERT: nonEmpty.optional(),
  NATS_KEY: nonEmpty.optional(),
  NATS_CONTEXT: nonEmpty.optional(),
  PORT: port.optional(),
  SWITCHYARD_CONFIG: nonEmpty.optional(),
  SWITCHYARD_ENV_NAME: environmentSchema.shape.name.optional(),
  SWITCHYARD_AUTH: z.enum(["none", "password", "proxy"], "must be none, password or proxy").optional(),
  SWITCHYARD_USERS_FILE: nonEmpty.optional(),
  SWITCHYARD_TOKENS_FILE: nonEmpty.optional(),
  SWITCHYARD_SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SWITCHYARD_TRUSTED_PROXIES: nonEmpty.optional(),
  SWITCHYARD_PUBLIC_ORIGINS: nonEmpty
    .refine(
      (value) => value.split(",").every((part) => isOrigin(part.trim())),
      `${ORIGIN_MESSAGE}, comma-separated`,
    )
    .optional(),
  SWITCHYARD_METRICS_OPEN: z.enum(["true", "false", "1", "0"], "must be true or false").optional(),
  SWITCHYARD_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000, "must be at least 1000 (ms)")
    .max(600_000, "must be at most 600000 (ms)")
    .optional(),
});

/** The subset of a nats CLI context file (~/.config/nats/context/NAME.json) that Switchyard uses. */
export const natsContextSchema = z.object({
  description: z.string().optional(),
  url: z.string().optional(),
  user: z.string().optional(),
  password: z.string().optional(),
  token: z.string().optional(),
  creds: z.string().optional(),
  nkey: z.string().optional(),
  cert: z.string().optional(),
  key: z.string().optional(),
  ca: z.string().optional(),
  jetstream_domain: z.string().optional(),
});

export type AuthSettings = z.infer<typeof authSchema>;
export type MaskingSettings = z.infer<typeof maskingSchema>;
/** What masking applies: JSON paths, text patterns and header names (see lib/masking). */
export type MaskRules = Omit<MaskingSettings, "enabled">;
export type EnvironmentSettings = z.infer<typeof environmentSchema>;
export type KeyRule = z.infer<typeof keyRuleSchema>;
export type TracesSettings = z.infer<typeof tracesSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
export type EnvVars = z.infer<typeof envVarsSchema>;
export type NatsContext = z.infer<typeof natsContextSchema>;
