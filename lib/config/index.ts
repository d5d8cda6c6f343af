// Server-only face of the configuration: parsed once per process, cached.
import "server-only";
import { loadConfig, type SwitchyardConfig } from "./load-config";

export { ConfigError } from "./config-error";
export type { AuthConfig, AuthMode, EnvironmentConfig, MaskingConfig, SwitchyardConfig } from "./load-config";

const CACHE = Symbol.for("switchyard.config");
type Holder = { [CACHE]?: SwitchyardConfig };

export function getConfig(): SwitchyardConfig {
  const holder = globalThis as Holder;
  holder[CACHE] ??= loadConfig();
  return holder[CACHE];
}
