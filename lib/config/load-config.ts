// Builds the resolved Switchyard configuration from environment variables, an optional config file and nats contexts.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { z } from "zod";
import { ConfigError } from "./config-error";
import { readNatsContext } from "./nats-context";
import { configFileSchema, envVarsSchema, type ConfigFile, type EnvironmentSettings, type EnvVars } from "./schema";

export const DEFAULT_CONFIG_FILE = "switchyard.config.json";
export const DEFAULT_PORT = 3000;
export const DEFAULT_POLL_INTERVAL_MS = 5000;
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_REDRIVE_RATE = 100;

/** Everything needed to open one environment's connection. Holds secrets: never send it to a browser. */
export type EnvironmentConfig = {
  name: string;
  description?: string;
  servers: string[];
  user?: string;
  password?: string;
  token?: string;
  credsFile?: string;
  nkeyFile?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  jetstreamDomain?: string;
  deadLetterStreams: string[];
  /** Dead-letter capture and redrive settings; defaults when absent. */
  deadLetters?: { keepOriginalStreams: string[]; redriveRatePerSecond: number; afterRedrive: "delete" | "keep" };
};

export type SwitchyardConfig = {
  port: number;
  pollIntervalMs: number;
  configFile?: string;
  environments: EnvironmentConfig[];
};

function firstIssue(error: z.ZodError, prefix: string): ConfigError {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join(".") : "";
  const setting = [prefix, path].filter(Boolean).join(prefix.endsWith(":") ? " " : ".");
  return new ConfigError(setting || prefix, issue?.message ?? "is invalid");
}

function readConfigFile(path: string, setting: string): ConfigFile {
  let raw: string;
  try {
    raw = readFileSync(/*turbopackIgnore: true*/ path, "utf8");
  } catch {
    throw new ConfigError(setting, `names config file ${path}, which cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`config file ${path}`, `is not valid JSON (${(error as Error).message})`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success) throw firstIssue(parsed.error, `${path}:`);
  return parsed.data;
}

function checkFile(setting: string, path: string | undefined, baseDir: string): string | undefined {
  if (!path) return undefined;
  const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
  if (!existsSync(/*turbopackIgnore: true*/ absolute)) throw new ConfigError(setting, `names ${absolute}, which does not exist`);
  return absolute;
}

type Source = { prefix: string; settings: EnvironmentSettings; baseDir: string };

function resolveEnvironment({ prefix, settings, baseDir }: Source, env: NodeJS.ProcessEnv, fileDlq: string[]): EnvironmentConfig {
  const ctx = settings.context ? readNatsContext(`${prefix}context`, settings.context, env) : {};
  const pick = <T>(own: T | undefined, fromContext: T | undefined) => own ?? (fromContext || undefined);
  const url = pick(settings.url, ctx.url) ?? DEFAULT_NATS_URL;
  const file = (name: keyof EnvironmentSettings, own: string | undefined, fromContext: string | undefined) =>
    checkFile(`${prefix}${name}`, pick(own, fromContext), baseDir);
  const tls = {
    caFile: file("ca", settings.ca, ctx.ca),
    certFile: file("cert", settings.cert, ctx.cert),
    keyFile: file("key", settings.key, ctx.key),
  };
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new ConfigError(`${prefix}${tls.certFile ? "key" : "cert"}`, "is required when the other half of the client certificate is set");
  }
  return {
    name: settings.name,
    description: pick(settings.description, ctx.description),
    servers: url.split(",").map((s) => s.trim()).filter(Boolean),
    user: pick(settings.user, ctx.user),
    password: pick(settings.password, ctx.password),
    token: pick(settings.token, ctx.token),
    credsFile: file("creds", settings.creds, ctx.creds),
    nkeyFile: file("nkey", settings.nkey, ctx.nkey),
    tls: tls.caFile || tls.certFile ? tls : undefined,
    jetstreamDomain: pick(settings.jetstreamDomain, ctx.jetstream_domain),
    deadLetterStreams: [...new Set([...(settings.deadLetterStreams ?? []), ...fileDlq])],
    deadLetters: {
      keepOriginalStreams: settings.deadLetterKeepOriginals ?? [],
      redriveRatePerSecond: settings.redriveRatePerSecond ?? DEFAULT_REDRIVE_RATE,
      afterRedrive: settings.redriveAfter ?? "delete",
    },
  };
}

function environmentFromEnvVars(vars: EnvVars): EnvironmentSettings {
  const contextName = vars.NATS_CONTEXT?.replace(/^.*\//, "").replace(/\.json$/, "").toLowerCase();
  const derived = contextName && /^[a-z0-9][a-z0-9_-]{0,39}$/.test(contextName) ? contextName : "default";
  return {
    name: vars.SWITCHYARD_ENV_NAME ?? derived,
    context: vars.NATS_CONTEXT,
    url: vars.NATS_URL,
    user: vars.NATS_USER,
    password: vars.NATS_PASSWORD,
    token: vars.NATS_TOKEN,
    creds: vars.NATS_CREDS,
    nkey: vars.NATS_NKEY,
    ca: vars.NATS_CA,
    cert: vars.NATS_CERT,
    key: vars.NATS_KEY,
  };
}

const ENV_PREFIX: Record<string, string> = {
  context: "NATS_CONTEXT",
  url: "NATS_URL",
  creds: "NATS_CREDS",
  nkey: "NATS_NKEY",
  ca: "NATS_CA",
  cert: "NATS_CERT",
  key: "NATS_KEY",
};

/**
 * Loads the configuration. Throws ConfigError (one line naming the setting) on anything wrong.
 * The config file comes from SWITCHYARD_CONFIG, else ./switchyard.config.json when it exists.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): SwitchyardConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsedVars = envVarsSchema.safeParse(blankless);
  if (!parsedVars.success) throw firstIssue(parsedVars.error, "");
  const vars = parsedVars.data;

  const configFile = vars.SWITCHYARD_CONFIG
    ? resolve(cwd, vars.SWITCHYARD_CONFIG)
    : existsSync(/*turbopackIgnore: true*/ resolve(cwd, DEFAULT_CONFIG_FILE))
      ? resolve(cwd, DEFAULT_CONFIG_FILE)
      : undefined;
  const file: ConfigFile = configFile ? readConfigFile(configFile, "SWITCHYARD_CONFIG") : {};
  const fileDlq = file.deadLetterStreams ?? [];

  let environments: EnvironmentConfig[];
  if (file.environments) {
    const baseDir = resolve(configFile ?? cwd, "..");
    environments = file.environments.map((settings, i) =>
      resolveEnvironment({ prefix: `${configFile}: environments.${i}.`, settings, baseDir }, env, fileDlq),
    );
  } else {
    const settings = environmentFromEnvVars(vars);
    try {
      environments = [resolveEnvironment({ prefix: "", settings, baseDir: cwd }, env, fileDlq)];
    } catch (error) {
      // Name the environment variable rather than the internal field.
      if (error instanceof ConfigError && ENV_PREFIX[error.setting]) throw new ConfigError(ENV_PREFIX[error.setting]!, error.problem);
      throw error;
    }
  }

  return {
    port: vars.PORT ?? file.port ?? DEFAULT_PORT,
    pollIntervalMs: vars.SWITCHYARD_POLL_INTERVAL_MS ?? file.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    configFile,
    environments,
  };
}
