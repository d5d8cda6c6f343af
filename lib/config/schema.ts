// Zod schemas for Switchyard's settings: the environment variables (nats CLI names) and the optional config file.
import { z } from "zod";

const nonEmpty = z.string().trim().min(1, "must not be empty");

const natsUrlList = nonEmpty.refine(
  (value) => value.split(",").every((part) => /^(nats|tls|ws|wss):\/\/[^\s]+$|^[^\s:/]+(:\d+)?$/.test(part.trim())),
  "must be a comma-separated list of servers such as nats://host:4222",
);

const port = z.coerce.number().int().min(1, "must be a port number 1-65535").max(65535, "must be a port number 1-65535");

/** Connection settings of one NATS environment; field names follow the nats CLI context file. */
export const environmentSchema = z
  .object({
    name: nonEmpty.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be lowercase letters, digits, - or _ (it becomes part of every URL)"),
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
    /** Work-queue streams whose originals stay after dead-letter capture (default: removed once the copy is stored). */
    deadLetterKeepOriginals: z.array(nonEmpty).optional(),
    /** Default redrive rate limit in messages per second (0 = unlimited). */
    redriveRatePerSecond: z.number().int().min(0).max(100_000).optional(),
    /** After a confirmed redrive: delete the DLQ entry (default) or keep it. */
    redriveAfter: z.enum(["delete", "keep"]).optional(),
  })
  .strict();

export const configFileSchema = z
  .object({
    port: port.optional(),
    pollIntervalMs: z.number().int().min(1000, "must be at least 1000 (ms)").max(600_000, "must be at most 600000 (ms)").optional(),
    environments: z
      .array(environmentSchema)
      .min(1, "must list at least one environment")
      .refine((list) => new Set(list.map((e) => e.name)).size === list.length, "environment names must be unique")
      .optional(),
    deadLetterStreams: z.array(nonEmpty).optional(),
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
  SWITCHYARD_POLL_INTERVAL_MS: z.coerce.number().int().min(1000, "must be at least 1000 (ms)").max(600_000, "must be at most 600000 (ms)").optional(),
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

export type EnvironmentSettings = z.infer<typeof environmentSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
export type EnvVars = z.infer<typeof envVarsSchema>;
export type NatsContext = z.infer<typeof natsContextSchema>;
