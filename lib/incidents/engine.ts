// Incidents from findings, one poll at a time (pure): grouped by cause, started at the first symptom, resolved
// after a settle period, with flap control (a cause that fires again soon reopens its incident and settles longer).
import type { Finding, Severity } from "@/lib/dto/findings";
import { SEVERITY_ORDER } from "@/lib/dto/findings";
import type { IncidentEvent, IncidentEventKind, Symptom, TimelineEntry } from "@/lib/dto/incidents";
import type { Incident } from "@/lib/dto/incidents";
import { causeOf, incidentTitle, type Cause } from "./cause";

/** What the store keeps; acknowledgement, next steps and runbook are joined in when read. */
export type IncidentRecord = Omit<Incident, "acknowledged" | "nextSteps" | "runbookUrl"> & {
  /** When an event was last added: reminders count from here. */
  lastEventAt: string;
  /** A lower severity and since when it has held: applied only after the settle period (no flapping). */
  lowerSeverity: { severity: Severity; since: string } | null;
};

export type EngineOptions = {
  settleMs: number;
  reopenWithinMs: number;
  /** 0 = no reminders. */
  remindMs: number;
  /** Flapping doubles the settle period up to this. */
  maxSettleMs?: number;
  /**
   * An earlier onset the findings cannot show, per cause: a consumer that has delivered nothing for a while stopped
   * at its last delivery, even when the rule that fires first (backlog growing, stalled) says nothing about when.
   */
  onsetHint?: (causeKey: string) => number | null;
};

const MAX_TIMELINE = 200;
const MAX_EVENTS = 20;
const DEFAULT_MAX_SETTLE_MS = 3_600_000;

/** 40-bit FNV-1a of the cause, as 10 hex digits: ids fit KV keys and URLs whatever the stream is called. */
export function causeHash(cause: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(cause))
    h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return (h & 0xffffffffffn).toString(16).padStart(10, "0");
}

/**
 * When a symptom really began. No pullers: the consumer's last delivery (value = seconds idle, -1 when it never
 * delivered); everything else: when the finding was first seen.
 */
export function onsetOf(f: Finding, now: number): number {
  const seen = Date.parse(f.since);
  if (f.rule === "no_active_pullers" && f.value >= 0) return Math.min(seen, now - f.value * 1000);
  return seen;
}

const iso = (ms: number) => new Date(ms).toISOString();
const worse = (a: Severity, b: Severity) => SEVERITY_ORDER[a] < SEVERITY_ORDER[b];

function worstOf(findings: Finding[]): Finding {
  return findings.reduce((w, f) => (worse(f.severity, w.severity) ? f : w));
}

// Records are copied on write: a step copies a record and its few symptoms, and replaces the timeline or events
// array only when it adds to it, so an estate with thousands of open incidents does not deep-copy thousands of
// timelines every poll, and an unchanged array is still the same array (see recordsDiffer).
function addTimeline(r: IncidentRecord, entry: TimelineEntry): void {
  const timeline = [...r.timeline, entry];
  if (timeline.length > MAX_TIMELINE) timeline.splice(1, timeline.length - MAX_TIMELINE);
  r.timeline = timeline;
}

function addEvent(r: IncidentRecord, kind: IncidentEventKind, now: number): void {
  const seq = (r.events.at(-1)?.seq ?? 0) + 1;
  const event: IncidentEvent = { seq, kind, at: iso(now), severity: r.severity };
  const events = [...r.events, event];
  if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
  r.events = events;
  r.lastEventAt = event.at;
}

/** A copy a step may change: its own symptoms (a handful); timeline and events are replaced, never mutated. */
function copyRecord(r: IncidentRecord): IncidentRecord {
  return { ...r, symptoms: r.symptoms.map((s) => ({ ...s })) };
}

const RECORD_FIELDS = [
  "state",
  "severity",
  "title",
  "startedAt",
  "lastActiveAt",
  "resolvedAt",
  "settleSeconds",
  "reopened",
  "lastEventAt",
] as const satisfies readonly (keyof IncidentRecord)[];

/** What a symptom says about the finding now (its title and detail carry live figures such as ages). */
const SYMPTOM_TEXT = ["severity", "title", "detail", "href"] as const satisfies readonly (keyof Symptom)[];

/**
 * Whether two versions of a record differ, without serialising them. `durable`: only in what must be stored —
 * not lastActiveAt (kept in the lease holder's memory) nor a symptom's live text (joined in from the current
 * findings when read), which change every poll while an incident is open.
 */
export function recordsDiffer(a: IncidentRecord, b: IncidentRecord, durable = false): boolean {
  if (a.timeline !== b.timeline || a.events !== b.events) return true;
  for (const field of RECORD_FIELDS)
    if (a[field] !== b[field] && !(durable && field === "lastActiveAt")) return true;
  if (
    a.lowerSeverity?.severity !== b.lowerSeverity?.severity ||
    a.lowerSeverity?.since !== b.lowerSeverity?.since
  )
    return true;
  if (a.symptoms.length !== b.symptoms.length) return true;
  return a.symptoms.some((s, i) => {
    const t = b.symptoms[i]!;
    if (
      s.findingId !== t.findingId ||
      s.rule !== t.rule ||
      s.since !== t.since ||
      s.clearedAt !== t.clearedAt
    )
      return true;
    return !durable && SYMPTOM_TEXT.some((field) => s[field] !== t[field]);
  });
}

function symptomOf(f: Finding): Symptom {
  return {
    findingId: f.id,
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    detail: f.detail,
    href: f.href,
    since: f.since,
    clearedAt: null,
  };
}

function startOf(cause: Cause, findings: Finding[], now: number, opts: EngineOptions): number {
  const hint = opts.onsetHint?.(cause.key) ?? null;
  const onsets = findings.map((f) => onsetOf(f, now));
  return Math.min(...onsets, ...(hint !== null && hint <= now ? [hint] : []));
}

function openIncident(cause: Cause, findings: Finding[], now: number, opts: EngineOptions): IncidentRecord {
  const settleMs = opts.settleMs;
  const start = startOf(cause, findings, now, opts);
  const worst = worstOf(findings);
  const r: IncidentRecord = {
    id: `${cause.kind}-${causeHash(cause.key)}-${start.toString(36)}`,
    cause: cause.key,
    kind: cause.kind,
    title: incidentTitle(cause, worst.rule),
    where: cause.where,
    state: "open",
    severity: worst.severity,
    startedAt: iso(start),
    detectedAt: iso(now),
    lastActiveAt: iso(now),
    resolvedAt: null,
    settleSeconds: settleMs / 1000,
    reopened: 0,
    symptoms: [],
    timeline: [],
    events: [],
    lastEventAt: iso(now),
    lowerSeverity: null,
  };
  addTimeline(r, { at: iso(now), kind: "opened", text: `Opened: ${r.title}`, severity: r.severity });
  for (const f of findings) {
    r.symptoms.push(symptomOf(f));
    addTimeline(r, { at: f.since, kind: "appeared", text: f.title, rule: f.rule, severity: f.severity });
  }
  addEvent(r, "open", now);
  return r;
}

function updateOpen(r: IncidentRecord, cause: Cause, findings: Finding[], now: number, opts: EngineOptions) {
  const active = new Map(findings.map((f) => [f.id, f]));
  for (const s of r.symptoms) {
    const f = active.get(s.findingId);
    if (!f) {
      if (s.clearedAt === null) {
        s.clearedAt = iso(now);
        addTimeline(r, { at: iso(now), kind: "cleared", text: `Cleared: ${s.title}`, rule: s.rule });
      }
      continue;
    }
    active.delete(s.findingId);
    if (s.clearedAt !== null) {
      s.clearedAt = null;
      addTimeline(r, { at: iso(now), kind: "appeared", text: f.title, rule: f.rule, severity: f.severity });
    }
    Object.assign(s, { severity: f.severity, title: f.title, detail: f.detail, href: f.href });
  }
  for (const f of active.values()) {
    r.symptoms.push(symptomOf(f));
    addTimeline(r, { at: iso(now), kind: "appeared", text: f.title, rule: f.rule, severity: f.severity });
  }
  if (findings.length === 0) return;
  r.lastActiveAt = iso(now);
  const start = Math.min(Date.parse(r.startedAt), startOf(cause, findings, now, opts));
  r.startedAt = iso(start);
  const worst = worstOf(findings);
  if (worse(worst.severity, r.severity)) {
    // The title follows the worst symptom up, never down: it keeps naming what made the incident critical.
    r.title = incidentTitle(cause, worst.rule);
    r.lowerSeverity = null;
    setSeverity(r, worst.severity, now);
  } else if (worse(r.severity, worst.severity)) {
    if (r.lowerSeverity?.severity !== worst.severity)
      r.lowerSeverity = { severity: worst.severity, since: iso(now) };
    else if (now - Date.parse(r.lowerSeverity.since) >= opts.settleMs) {
      r.lowerSeverity = null;
      setSeverity(r, worst.severity, now);
    }
  } else r.lowerSeverity = null;
}

function setSeverity(r: IncidentRecord, severity: Severity, now: number): void {
  const text = `Severity ${r.severity} → ${severity}`;
  r.severity = severity;
  addTimeline(r, { at: iso(now), kind: "severity", text, severity });
  addEvent(r, "severity", now);
}

/**
 * One step: `latest` holds the newest incident per cause (open or resolved); returns the records that changed
 * (new ones included). `acknowledged(id)` stops reminders.
 */
export function stepIncidents(
  latest: ReadonlyMap<string, IncidentRecord>,
  findings: Finding[],
  now: number,
  opts: EngineOptions,
  acknowledged: (id: string) => boolean = () => false,
): IncidentRecord[] {
  const groups = new Map<string, { cause: Cause; findings: Finding[] }>();
  for (const f of findings) {
    const cause = causeOf(f);
    const group = groups.get(cause.key) ?? { cause, findings: [] };
    group.findings.push(f);
    groups.set(cause.key, group);
  }
  const changed: IncidentRecord[] = [];
  for (const [key, { cause, findings: group }] of groups) {
    const previous = latest.get(key);
    if (!previous || (previous.state === "resolved" && !canReopen(previous, now, opts))) {
      changed.push(openIncident(cause, group, now, opts));
      continue;
    }
    const r = copyRecord(previous);
    if (r.state === "resolved") reopen(r, now, opts);
    updateOpen(r, cause, group, now, opts);
    if (recordsDiffer(r, previous)) changed.push(r);
  }
  for (const [key, previous] of latest) {
    if (groups.has(key) || previous.state !== "open") continue;
    const r = copyRecord(previous);
    updateOpen(r, causeFromRecord(r), [], now, opts);
    if (now - Date.parse(r.lastActiveAt) >= r.settleSeconds * 1000) {
      r.state = "resolved";
      r.resolvedAt = iso(now);
      r.lowerSeverity = null;
      addTimeline(r, { at: iso(now), kind: "resolved", text: "Resolved: every symptom has stayed clear" });
      addEvent(r, "resolve", now);
    }
    if (recordsDiffer(r, previous)) changed.push(r);
  }
  if (opts.remindMs > 0) {
    const byId = new Map(changed.map((r) => [r.cause, r]));
    for (const [key, previous] of latest) {
      const r = byId.get(key) ?? previous;
      if (r.state !== "open" || acknowledged(r.id) || now - Date.parse(r.lastEventAt) < opts.remindMs)
        continue;
      const copy = r === previous ? copyRecord(previous) : r;
      addEvent(copy, "reminder", now);
      if (copy !== r) changed.push(copy);
    }
  }
  return changed;
}

function canReopen(r: IncidentRecord, now: number, opts: EngineOptions): boolean {
  return r.resolvedAt !== null && now - Date.parse(r.resolvedAt) <= opts.reopenWithinMs;
}

function reopen(r: IncidentRecord, now: number, opts: EngineOptions): void {
  r.state = "open";
  r.resolvedAt = null;
  r.reopened += 1;
  r.settleSeconds =
    Math.min(opts.maxSettleMs ?? DEFAULT_MAX_SETTLE_MS, opts.settleMs * 2 ** r.reopened) / 1000;
  addTimeline(r, {
    at: iso(now),
    kind: "reopened",
    text: `Reopened (fired again within ${Math.round(opts.reopenWithinMs / 60_000)} min of resolving); settles after ${r.settleSeconds} s now`,
  });
  addEvent(r, "open", now);
}

function causeFromRecord(r: IncidentRecord): Cause {
  return { key: r.cause, kind: r.kind, where: r.where };
}
