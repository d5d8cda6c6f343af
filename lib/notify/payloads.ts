// What each kind of channel receives for one incident event (pure): a generic JSON webhook, a Slack message and
// Alertmanager alerts whose labels match Switchyard's /metrics labels; and for a digest, several events in one.
import { createHash } from "node:crypto";
import { SEVERITY_RANK, type Incident, type IncidentEvent } from "@/lib/dto/incidents";
import type { ChannelSettings } from "@/lib/config/alerts-schema";

export type Notice = {
  environment: string;
  incident: Incident;
  event: IncidentEvent;
  /** Absolute link to the incident's page. */
  link: string;
};

export type HttpRequest = { url: string; body: unknown; headers: Record<string, string> };

const VERB: Record<IncidentEvent["kind"], string> = {
  open: "opened",
  severity: "changed severity",
  resolve: "resolved",
  reminder: "still open",
};

/** The idempotency key receivers can deduplicate on: one per incident event, the same on every retry. */
export function noticeKey(n: Notice): string {
  return `${n.incident.id}:${n.event.seq}`;
}

export function webhookBody(n: Notice) {
  const i = n.incident;
  return {
    id: noticeKey(n),
    environment: n.environment,
    event: n.event.kind,
    eventSeq: n.event.seq,
    at: n.event.at,
    incident: {
      id: i.id,
      title: i.title,
      state: i.state,
      severity: i.severity,
      cause: i.cause,
      where: i.where,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt,
      acknowledged: i.acknowledged,
      symptoms: i.symptoms.map((s) => ({
        rule: s.rule,
        severity: s.severity,
        title: s.title,
        detail: s.detail,
        active: s.clearedAt === null,
      })),
      nextSteps: i.nextSteps,
      runbookUrl: i.runbookUrl,
    },
    link: n.link,
  };
}

const SLACK_EMOJI = { critical: ":red_circle:", warning: ":large_orange_circle:", info: ":white_circle:" };

/** Slack mrkdwn: &, < and > must be escaped in text taken from streams and consumers. */
function slackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackBody(n: Notice) {
  const i = n.incident;
  const resolved = n.event.kind === "resolve";
  const head = `${resolved ? ":white_check_mark:" : SLACK_EMOJI[i.severity]} *${resolved ? "RESOLVED" : i.severity.toUpperCase()}* ${slackText(i.title)} (${VERB[n.event.kind]})`;
  const active = i.symptoms.filter((s) => s.clearedAt === null).map((s) => `• ${slackText(s.title)}`);
  const lines = [
    head,
    `*Environment* ${slackText(n.environment)} · *since* ${i.startedAt}${i.resolvedAt ? ` · *resolved* ${i.resolvedAt}` : ""}`,
    ...(resolved ? [] : active),
    ...(i.acknowledged ? [`Acknowledged by ${slackText(i.acknowledged.by)} at ${i.acknowledged.at}`] : []),
    ...(!resolved && i.nextSteps[0] ? [`Next: ${slackText(i.nextSteps[0])}`] : []),
    `<${n.link}|Open in Switchyard>${i.runbookUrl ? ` · <${i.runbookUrl}|Runbook>` : ""}`,
  ];
  return { text: lines.join("\n") };
}

/**
 * One Alertmanager alert per incident (labels are its identity there), with the labels Switchyard's /metrics use
 * (environment, stream, consumer). Firing alerts carry an end 24 h out so one Switchyard never sending its
 * resolve cannot leave an alert firing forever; the resolve sets endsAt to the resolve time.
 */
export function alertmanagerBody(n: Notice) {
  const i = n.incident;
  const worst = i.symptoms.find((s) => s.clearedAt === null) ?? i.symptoms[0];
  const labels: Record<string, string> = {
    alertname: "SwitchyardIncident",
    environment: n.environment,
    incident_kind: i.kind,
    severity: i.severity,
    ...(worst ? { rule: worst.rule } : {}),
    ...(i.where.stream ? { stream: i.where.stream } : {}),
    ...(i.where.consumer ? { consumer: i.where.consumer } : {}),
    ...(i.where.subject ? { subject: i.where.subject } : {}),
  };
  const endsAt =
    i.state === "resolved" && i.resolvedAt
      ? i.resolvedAt
      : new Date(Date.parse(n.event.at) + 24 * 3600_000).toISOString();
  return [
    {
      labels,
      annotations: {
        summary: i.title,
        description: i.symptoms.map((s) => s.title).join("; "),
        incident_id: i.id,
        ...(i.nextSteps[0] ? { next_step: i.nextSteps[0] } : {}),
        ...(i.runbookUrl ? { runbook_url: i.runbookUrl } : {}),
      },
      startsAt: i.startedAt,
      endsAt,
      generatorURL: n.link,
    },
  ];
}

/**
 * Several incident events in one request: what a channel receives when more are due at once than its per-minute
 * limit allows. Each event in it counts as delivered to that channel.
 */
export type Digest = {
  environment: string;
  notices: Notice[];
  /** Absolute link to the environment's incidents page. */
  link: string;
  /** The channel's limit that grouped them. */
  maxPerMinute: number;
};

/** Worst first: open incidents by severity, then resolves; within each, the earliest event first. */
export function digestOrder(a: Notice, b: Notice): number {
  const resolved = (n: Notice) => (n.event.kind === "resolve" ? 1 : 0);
  return (
    resolved(a) - resolved(b) ||
    SEVERITY_RANK[a.incident.severity] - SEVERITY_RANK[b.incident.severity] ||
    Date.parse(a.event.at) - Date.parse(b.event.at)
  );
}

/** One key per set of events, the same on every retry of that set. */
export function digestKey(d: Digest): string {
  const keys = d.notices.map(noticeKey).sort().join(",");
  return `digest:${createHash("sha256").update(keys).digest("hex").slice(0, 20)}`;
}

function digestWebhookBody(d: Digest) {
  return {
    id: digestKey(d),
    environment: d.environment,
    event: "digest",
    count: d.notices.length,
    reason: `more than ${d.maxPerMinute} notifications due within a minute`,
    notices: d.notices.map(webhookBody),
    link: d.link,
  };
}

const DIGEST_SLACK_LINES = 15;
/** Consumers named on a line that stands for several. */
const NAMED_PER_LINE = 5;

/**
 * What several notices in a digest have in common when they are one trouble on many consumers: the same event and
 * severity, stream and what is wrong ("worker-7 on stream JOBS: no workers pulling" → "no workers pulling"). A
 * notice whose title does not name its consumer and stream is a line of its own.
 */
function troubleOf(n: Notice): { key: string; stream: string; what: string } | null {
  const { consumer, stream } = n.incident.where;
  const prefix = consumer && stream ? `${consumer} on stream ${stream}: ` : null;
  if (!prefix || !n.incident.title.startsWith(prefix)) return null;
  const what = n.incident.title.slice(prefix.length);
  return { key: [n.event.kind, n.incident.severity, stream, what].join("\0"), stream: stream!, what };
}

/** The digest's notices as lines: one per notice, or one per trouble shared by several consumers; worst first. */
function digestLines(notices: Notice[]): { notices: Notice[]; trouble: ReturnType<typeof troubleOf> }[] {
  const lines: { notices: Notice[]; trouble: ReturnType<typeof troubleOf> }[] = [];
  const byKey = new Map<string, Notice[]>();
  for (const n of notices) {
    const trouble = troubleOf(n);
    const same = trouble ? byKey.get(trouble.key) : undefined;
    if (same) same.push(n);
    else {
      const line = { notices: [n], trouble };
      if (trouble) byKey.set(trouble.key, line.notices);
      lines.push(line);
    }
  }
  return lines;
}

function digestSlackBody(d: Digest) {
  const verbs = new Map<string, number>();
  for (const n of d.notices) verbs.set(VERB[n.event.kind], (verbs.get(VERB[n.event.kind]) ?? 0) + 1);
  const grouped = digestLines(d.notices);
  const lines = grouped.slice(0, DIGEST_SLACK_LINES).map(({ notices, trouble }) => {
    const n = notices[0]!;
    const resolved = n.event.kind === "resolve";
    const mark = resolved ? ":white_check_mark:" : SLACK_EMOJI[n.incident.severity];
    const level = resolved ? "RESOLVED" : n.incident.severity.toUpperCase();
    if (notices.length === 1 || !trouble)
      return `${mark} *${level}* ${slackText(n.incident.title)} (${VERB[n.event.kind]}) · <${n.link}|open>`;
    const named = notices.slice(0, NAMED_PER_LINE).map((x) => slackText(x.incident.where.consumer ?? ""));
    const others = notices.length - named.length;
    return `${mark} *${level}* ${notices.length} consumers on stream ${slackText(trouble.stream)}: ${slackText(trouble.what)} (${VERB[n.event.kind]}): ${named.join(", ")}${others > 0 ? ` and ${others} more` : ""}`;
  });
  const more = grouped.slice(DIGEST_SLACK_LINES).reduce((sum, line) => sum + line.notices.length, 0);
  return {
    text: [
      `:rotating_light: *${d.notices.length} incident updates* in ${slackText(d.environment)}: ${[...verbs].map(([verb, count]) => `${count} ${verb}`).join(", ")}`,
      `_Grouped into one message: more than ${d.maxPerMinute} were due within a minute._`,
      ...lines,
      ...(more > 0 ? [`…and ${more} more.`] : []),
      `<${d.link}|All incidents in Switchyard>`,
    ].join("\n"),
  };
}

export function digestRequestFor(channel: ChannelSettings, d: Digest): HttpRequest {
  const headers = { "Content-Type": "application/json", "Idempotency-Key": digestKey(d) };
  if (channel.type === "slack") return { url: channel.url, body: digestSlackBody(d), headers };
  if (channel.type === "alertmanager")
    return { ...requestFor(channel, d.notices[0]!), body: d.notices.flatMap(alertmanagerBody), headers };
  return { url: channel.url, body: digestWebhookBody(d), headers };
}

export function requestFor(channel: ChannelSettings, n: Notice): HttpRequest {
  const headers = { "Content-Type": "application/json", "Idempotency-Key": noticeKey(n) };
  if (channel.type === "slack") return { url: channel.url, body: slackBody(n), headers };
  if (channel.type === "alertmanager")
    return { url: `${channel.url.replace(/\/+$/, "")}/api/v2/alerts`, body: alertmanagerBody(n), headers };
  return { url: channel.url, body: webhookBody(n), headers };
}

/** Scheme and host only: webhook URLs carry their secret in the path or query. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return "…";
  }
}
