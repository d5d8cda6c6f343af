// Builds the resolved Switchyard configuration from environment variables, an optional config file and nats contexts.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { z } from "zod";
import { ConfigError } from "./config-error";
import { credentialFileProblem, type CredentialKind } from "./credential-files";
import { readNatsContext } from "./nats-context";
import type { MaskRules } from "./schema";
import type { HealthConfig } from "./health-schema";
import type { ToolsConfig } from "./tools-schema";
import {
  configFileSchema,
  envVarsSchema,
  type AuthSettings,
  type ConfigFile,
  type EnvironmentSettings,
  type EnvVars,
  type MaskingSettings,
  type TracesSettings,
} from "./schema";
import type { AfterRedrive } from "@/lib/dto/dead-letters";
import { resolveAlerts, type AlertsConfig } from "./alerts-schema";

export const DEFAULT_CONFIG_FILE = "switchyard.config.json";
export const DEFAULT_PORT = 3000;
export const DEFAULT_POLL_INTERVAL_MS = 5000;
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";
export const DEFAULT_REDRIVE_RATE = 100;
export const DEFAULT_REDRIVE_LEASE_SECONDS = 15;

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
  /** Incidents' notification channels and timings (README "Alerts"); defaults (no channels) when absent. */
  alerts?: AlertsConfig;
  deadLetterStreams: string[];
  /** Dead-letter capture and redrive settings; defaults when absent. */
  deadLetters?: {
    keepOriginalStreams: string[];
    redriveRatePerSecond: number;
    afterRedrive: AfterRedrive;
    redriveLeaseMs: number;
    /** Byte limits for Switchyard's own streams when it creates them; undefined: the documented defaults. */
    advisoryStreamMaxBytes?: number;
    deadLetterStreamMaxBytes?: number;
    /**
     * Origin header names of application DLQ streams, per stream or "*"; the file's top level merged under
     * this one.
     */
    originHeaders: Record<
      string,
      Partial<Record<"stream" | "subject" | "seq" | "consumer" | "deliveries" | "reason" | "time", string>>
    >;
  };
};

export type AuthMode = "none" | "password" | "proxy";

/** Resolved access-control settings. Holds the session secret: never send it to a browser. */
export type AuthConfig = {
  mode: AuthMode;
  usersFile?: string;
  tokensFile?: string;
  sessionSecret?: string;
  sessionTtlSeconds: number;
  /** GET /metrics answers without credentials. */
  metricsOpen: boolean;
  /** Origins (scheme://host[:port]) requests may address; empty: any host, except mode none (loopback only). */
  publicOrigins?: string[];
  proxy?: {
    trustedAddresses: string[];
    userHeader: string;
    emailHeader: string;
    groupsHeader: string;
    groupRoles: { viewer: string[]; operator: string[]; admin: string[] };
    defaultRole?: "viewer" | "operator" | "admin";
  };
};

export type MaskingConfig = { enabled: boolean; rules: MaskRules };

export const DEFAULT_SESSION_TTL_MINUTES = 8 * 60;

export type SwitchyardConfig = {
  auth: AuthConfig;
  masking: MaskingConfig;
  port: number;
  pollIntervalMs: number;
  configFile?: string;
  environments: EnvironmentConfig[];
  health?: HealthConfig;
  /** The config file's `traces` section as written; lib/traces fills in the defaults. */
  traces: TracesSettings;
  /** The config file's `tools` section as written; lib/tools fills in the defaults. */
  tools: ToolsConfig;
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

function checkFile(
  setting: string,
  path: string | undefined,
  baseDir: string,
  kind?: CredentialKind,
): string | undefined {
  if (!path) return undefined;
  const absolute = isAbsolute(path) ? path : resolve(baseDir, path);
  if (!existsSync(/*turbopackIgnore: true*/ absolute))
    throw new ConfigError(setting, `names ${absolute}, which does not exist`);
  const problem = kind && credentialFileProblem(kind, absolute);
  if (problem) throw new ConfigError(setting, problem);
  return absolute;
}

type Source = { prefix: string; settings: EnvironmentSettings; baseDir: string };

type FileDeadLetters = { streams: string[]; headers: ConfigFile["deadLetterHeaders"] };

function resolveEnvironment(
  { prefix, settings, baseDir }: Source,
  env: NodeJS.ProcessEnv,
  fileDlq: FileDeadLetters,
): EnvironmentConfig {
  const ctx = settings.context ? readNatsContext(`${prefix}context`, settings.context, env) : {};
  const pick = <T>(own: T | undefined, fromContext: T | undefined) => own ?? (fromContext || undefined);
  const url = pick(settings.url, ctx.url) ?? DEFAULT_NATS_URL;
  const file = (name: CredentialKind, own: string | undefined, fromContext: string | undefined) =>
    checkFile(`${prefix}${name}`, pick(own, fromContext), baseDir, name);
  const tls = {
    caFile: file("ca", settings.ca, ctx.ca),
    certFile: file("cert", settings.cert, ctx.cert),
    keyFile: file("key", settings.key, ctx.key),
  };
  if (Boolean(tls.certFile) !== Boolean(tls.keyFile)) {
    throw new ConfigError(
      `${prefix}${tls.certFile ? "key" : "cert"}`,
      "is required when the other half of the client certificate is set",
    );
  }
  return {
    name: settings.name,
    description: pick(settings.description, ctx.description),
    servers: url
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    user: pick(settings.user, ctx.user),
    password: pick(settings.password, ctx.password),
    token: pick(settings.token, ctx.token),
    credsFile: file("creds", settings.creds, ctx.creds),
    nkeyFile: file("nkey", settings.nkey, ctx.nkey),
    tls: tls.caFile || tls.certFile ? tls : undefined,
    jetstreamDomain: pick(settings.jetstreamDomain, ctx.jetstream_domain),
    deadLetterStreams: [...new Set([...(settings.deadLetterStreams ?? []), ...fileDlq.streams])],
    deadLetters: {
      keepOriginalStreams: settings.deadLetterKeepOriginals ?? [],
      redriveRatePerSecond: settings.redriveRatePerSecond ?? DEFAULT_REDRIVE_RATE,
      afterRedrive: settings.redriveAfter ?? "delete",
      redriveLeaseMs: (settings.redriveLeaseSeconds ?? DEFAULT_REDRIVE_LEASE_SECONDS) * 1000,
      advisoryStreamMaxBytes: settings.advisoryStreamMaxBytes,
      deadLetterStreamMaxBytes: settings.deadLetterStreamMaxBytes,
      originHeaders: mergeHeaderMappings(fileDlq.headers ?? {}, settings.deadLetterHeaders ?? {}),
    },
  };
}

/** Per stream key: the environment's fields over the file's top-level ones. */
function mergeHeaderMappings(
  top: NonNullable<ConfigFile["deadLetterHeaders"]>,
  own: NonNullable<ConfigFile["deadLetterHeaders"]>,
): NonNullable<ConfigFile["deadLetterHeaders"]> {
  const merged = { ...top };
  for (const [stream, mapping] of Object.entries(own)) merged[stream] = { ...top[stream], ...mapping };
  return merged;
}

function environmentFromEnvVars(vars: EnvVars): EnvironmentSettings {
  const contextName = vars.NATS_CONTEXT?.replace(/^.*\//, "")
    .replace(/\.json$/, "")
    .toLowerCase();
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
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): SwitchyardConfig {
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
  const fileDlq: FileDeadLetters = { streams: file.deadLetterStreams ?? [], headers: file.deadLetterHeaders };

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
      if (error instanceof ConfigError && ENV_PREFIX[error.setting])
        throw new ConfigError(ENV_PREFIX[error.setting]!, error.problem);
      throw error;
    }
  }

  const fileDir = configFile ? resolve(configFile, "..") : cwd;
  const auth = resolveAuth(file.auth ?? {}, vars, configFile ? `${configFile}: auth.` : "", fileDir, cwd);
  const port = vars.PORT ?? file.port ?? DEFAULT_PORT;
  const linkBase = auth.publicOrigins?.[0] ?? `http://localhost:${port}`;
  environments = environments.map((e, i) => ({
    ...e,
    alerts: resolveAlerts(file.environments?.[i]?.alerts, file.alerts, linkBase),
  }));
  return {
    auth,
    masking: resolveMasking(file.masking ?? {}),
    port,
    pollIntervalMs: vars.SWITCHYARD_POLL_INTERVAL_MS ?? file.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    configFile,
    environments,
    health: file.health,
    traces: file.traces ?? {},
    tools: file.tools ?? {},
  };
}

function resolveAuth(
  auth: AuthSettings,
  vars: EnvVars,
  prefix: string,
  baseDir: string,
  cwd: string,
): AuthConfig {
  const mode = vars.SWITCHYARD_AUTH ?? auth.mode ?? "none";
  const usersFile = vars.SWITCHYARD_USERS_FILE
    ? checkFile("SWITCHYARD_USERS_FILE", vars.SWITCHYARD_USERS_FILE, cwd)
    : checkFile(`${prefix}usersFile`, auth.usersFile, baseDir);
  const tokensFile = vars.SWITCHYARD_TOKENS_FILE
    ? checkFile("SWITCHYARD_TOKENS_FILE", vars.SWITCHYARD_TOKENS_FILE, cwd)
    : checkFile(`${prefix}tokensFile`, auth.tokensFile, baseDir);
  if (mode === "password" && !usersFile) {
    throw new ConfigError(
      vars.SWITCHYARD_AUTH ? "SWITCHYARD_USERS_FILE" : `${prefix}usersFile`,
      "is required for sign-in mode password (create one with npm run user -- add NAME --role admin)",
    );
  }
  const trusted =
    vars.SWITCHYARD_TRUSTED_PROXIES?.split(",")
      .map((a) => a.trim())
      .filter(Boolean) ?? auth.proxy?.trustedAddresses;
  if (mode === "proxy" && !trusted?.length) {
    throw new ConfigError(
      "SWITCHYARD_TRUSTED_PROXIES",
      "is required for sign-in mode proxy (the address(es) of the reverse proxy that sets the identity headers)",
    );
  }
  const groupRoles = auth.proxy?.groupRoles;
  const publicOrigins = (
    vars.SWITCHYARD_PUBLIC_ORIGINS?.split(",")
      .map((o) => o.trim())
      .filter(Boolean) ?? auth.publicOrigins
  )?.map((origin) => new URL(origin).origin);
  return {
    mode,
    usersFile,
    tokensFile,
    sessionSecret: vars.SWITCHYARD_SESSION_SECRET ?? auth.sessionSecret,
    sessionTtlSeconds: (auth.sessionTtlMinutes ?? DEFAULT_SESSION_TTL_MINUTES) * 60,
    metricsOpen: vars.SWITCHYARD_METRICS_OPEN
      ? ["true", "1"].includes(vars.SWITCHYARD_METRICS_OPEN)
      : (auth.metricsOpen ?? false),
    publicOrigins: publicOrigins ?? [],
    proxy: trusted?.length
      ? {
          trustedAddresses: trusted,
          userHeader: (auth.proxy?.userHeader ?? "x-forwarded-user").toLowerCase(),
          emailHeader: (auth.proxy?.emailHeader ?? "x-forwarded-email").toLowerCase(),
          groupsHeader: (auth.proxy?.groupsHeader ?? "x-forwarded-groups").toLowerCase(),
          groupRoles: {
            viewer: groupRoles?.viewer ?? [],
            operator: groupRoles?.operator ?? [],
            admin: groupRoles?.admin ?? [],
          },
          // Without any group mapping every proxy-authenticated user may read; with one, unmapped users get nothing.
          defaultRole: auth.proxy?.defaultRole ?? (groupRoles ? undefined : "viewer"),
        }
      : undefined,
  };
}

function resolveMasking(masking: MaskingSettings): MaskingConfig {
  return {
    enabled: masking.enabled ?? true,
    rules: {
      paths: masking.paths ?? [],
      patterns: masking.patterns ?? ["email", "phone", "apiKey"],
      headers: masking.headers ?? ["authorization", "cookie", "x-api-key"],
    },
  };
}
