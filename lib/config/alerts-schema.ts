// Zod schema of the `alerts` settings: notification channels, settle and reminder times, runbook links.
import { z } from "zod";

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return /^https?:$/.test(new URL(value).protocol);
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

const channelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "must be lowercase letters, digits, - or _");

export const channelSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("webhook"), name: channelName, url: httpUrl }).strict(),
  z.object({ type: z.literal("slack"), name: channelName, url: httpUrl }).strict(),
  /** url is Alertmanager's base URL; alerts go to `<url>/api/v2/alerts`. */
  z.object({ type: z.literal("alertmanager"), name: channelName, url: httpUrl }).strict(),
]);

export const alertsSchema = z
  .object({
    channels: z
      .array(channelSchema)
      .refine((list) => new Set(list.map((c) => c.name)).size === list.length, "channel names must be unique")
      .optional(),
    /** All symptoms clear this long before an incident resolves. */
    settleSeconds: z.number().int().min(0).max(3600).optional(),
    /** An open, unacknowledged incident is notified again this often (0 = never). */
    remindMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    /** An incident whose cause fires again within this long of resolving reopens (and its settle time doubles). */
    reopenWithinMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .optional(),
    /**
     * A channel receives at most this many notifications a minute; when more are due at once they go out together
     * as one digest (an outage across hundreds of consumers is one message, not hundreds).
     */
    maxPerMinute: z.number().int().min(1).max(600).optional(),
    /** Where links in notifications point (default: the first auth.publicOrigins entry, else localhost). */
    publicUrl: httpUrl.optional(),
    /** The sending replica holds its lease this long without renewing before another takes over. */
    leaseSeconds: z.number().int().min(2).max(600).optional(),
    /** Runbook links shown on incidents and sent with notifications: per stream first, then per rule. */
    runbooks: z
      .object({
        rules: z.record(z.string(), httpUrl).optional(),
        streams: z.record(z.string(), httpUrl).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type AlertsSettings = z.infer<typeof alertsSchema>;
export type ChannelSettings = z.infer<typeof channelSchema>;

/** Resolved alert settings of one environment. Holds webhook URLs (secrets): never send it to a browser. */
export type AlertsConfig = {
  channels: ChannelSettings[];
  settleSeconds: number;
  remindMinutes: number;
  reopenWithinMinutes: number;
  maxPerMinute: number;
  publicUrl: string;
  leaseSeconds: number;
  runbooks: { rules: Record<string, string>; streams: Record<string, string> };
};

export const ALERT_DEFAULTS = {
  settleSeconds: 60,
  remindMinutes: 60,
  reopenWithinMinutes: 30,
  maxPerMinute: 10,
  leaseSeconds: 15,
};

/** The environment's own `alerts` over the file's top-level one (whole settings, not merged field by field). */
export function resolveAlerts(
  own: AlertsSettings | undefined,
  top: AlertsSettings | undefined,
  fallbackUrl: string,
): AlertsConfig {
  const a = own ?? top ?? {};
  return {
    channels: a.channels ?? [],
    settleSeconds: a.settleSeconds ?? ALERT_DEFAULTS.settleSeconds,
    remindMinutes: a.remindMinutes ?? ALERT_DEFAULTS.remindMinutes,
    reopenWithinMinutes: a.reopenWithinMinutes ?? ALERT_DEFAULTS.reopenWithinMinutes,
    maxPerMinute: a.maxPerMinute ?? ALERT_DEFAULTS.maxPerMinute,
    publicUrl: (a.publicUrl ?? fallbackUrl).replace(/\/+$/, ""),
    leaseSeconds: a.leaseSeconds ?? ALERT_DEFAULTS.leaseSeconds,
    runbooks: { rules: a.runbooks?.rules ?? {}, streams: a.runbooks?.streams ?? {} },
  };
}
