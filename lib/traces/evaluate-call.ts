// Pure: one tool call (a request id's requests, results, dead letters and advisories) → its markers and
// request→result bar.
import type { ConversationStatus, RedriveOutcome, TraceMark, TraceMarker, TracePair } from "@/lib/dto/traces";
import { parseRedriveMsgId, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import type { OriginHeaderNames } from "@/lib/dlq/entries";
import { formatDuration } from "@/lib/core/format";
import { isoFromMs, preciseMs as ms } from "@/lib/core/precise-time";
import type { AdvisoryRef } from "./advisory-index";
import { headerValue } from "@/lib/keys/extract-key";

const OUTCOME_LABEL: Record<RedriveOutcome, string> = {
  result: "result received",
  acked: "acked (taken off its work queue)",
  dead_lettered: "dead-lettered again",
  waiting: "no outcome yet",
};

export type ToolCall = {
  requestId: string;
  tool: string;
  requests: TraceMark[];
  results: TraceMark[];
  deadLetters: TraceMark[];
  advisories: AdvisoryRef[];
};

/**
 * Marks redriven requests' labels in place; returns the call's markers and its bar (status done / dlq /
 * failed / waiting).
 */
export function evaluateCall(
  group: ToolCall,
  now: number,
  originHeaders: (dlqStream: string) => OriginHeaderNames,
): { markers: TraceMarker[]; pair: TracePair } {
  const markers: TraceMarker[] = [];
  const lane = `tool:${group.tool}`;
  const requestId = group.requestId;
  for (const a of group.advisories.sort((x, y) => ms(x.time) - ms(y.time))) {
    const label =
      a.kind === "naked"
        ? `NAK · delivery ${a.deliveries}`
        : a.kind === "max_deliveries"
          ? `max deliveries reached (${a.deliveries})`
          : `terminated${a.reason ? `: ${a.reason}` : ""}`;
    markers.push({ kind: a.kind === "naked" ? "nak" : a.kind, lane, time: a.time, label, requestId });
  }
  const deliveries = Math.max(
    0,
    ...group.advisories.map((a) => a.deliveries),
    ...group.deadLetters.map(
      (d) => Number(headerValue(d.headers, [originHeaders(d.stream).deliveries]) ?? 0) || 0,
    ),
  );
  if (deliveries > 1) {
    const at = [...group.advisories.map((a) => a.time), ...group.deadLetters.map((d) => d.time)]
      .sort((x, y) => ms(x) - ms(y))
      .at(-1)!;
    markers.push({
      kind: "redelivered",
      lane,
      time: at,
      label: `redelivered ×${deliveries - 1} (${deliveries} deliveries)`,
      requestId,
    });
  }
  for (const dl of group.deadLetters) {
    const reason = headerValue(dl.headers, [originHeaders(dl.stream).reason]);
    // The entry's stored time (server clock, ns) rather than X-Dlq-Time (the writer's clock, often ms).
    markers.push({
      kind: "dead_lettered",
      lane,
      time: dl.time,
      label: `dead-lettered to ${dl.stream} #${dl.seq}${reason ? `: ${reason}` : ""}`,
      requestId,
      deadLetter: { stream: dl.stream, seq: dl.seq },
    });
  }
  const times = [...group.requests, ...group.deadLetters, ...group.results].map((m) => ms(m.time));
  const start = group.requests.length
    ? Math.min(...group.requests.map((m) => ms(m.time)))
    : Math.min(...times);
  const lastAttempt = group.requests.length ? Math.max(...group.requests.map((m) => ms(m.time))) : start;
  const result = group.results[0];
  const lastDeadLetter = group.deadLetters.length
    ? Math.max(...group.deadLetters.map((m) => ms(m.time)))
    : null;

  const redrives: { request: TraceMark; marker: TraceMarker }[] = [];
  for (const r of group.requests) {
    const from = parseRedriveMsgId(headerValue(r.headers, ["Nats-Msg-Id"]));
    const count = headerValue(r.headers, [REDRIVE_HEADERS.count]);
    if (!from && !count) continue;
    r.label = `redriven request ${group.tool}`;
    if (from) r.redrivenFrom = { stream: from.stream, seq: from.seq };
    const marker: TraceMarker = {
      kind: "redriven",
      lane,
      time: r.time,
      label: `redriven${from ? ` from ${from.stream} #${from.seq}` : ""}${count ? ` (redrive ${count})` : ""}`,
      requestId,
      deadLetter: from ? { stream: from.stream, seq: from.seq } : undefined,
    };
    redrives.push({ request: r, marker });
    markers.push(marker);
    // The dead letter it came from gets its R: redriven since.
    const source = markers.find(
      (m) =>
        m.kind === "dead_lettered" &&
        m.deadLetter?.stream === from?.stream &&
        m.deadLetter?.seq === from?.seq,
    );
    if (source) {
      source.redriven = true;
      source.label += " · redriven";
    }
  }
  // Each redrive's outcome: the next result, dead letter, or (gone from its work queue) ack after it. The first
  // redrive's window opens at the dead letter it came from: a request seen through the trace tap carries the time of
  // its copy there, which a fast worker's result can beat by milliseconds.
  redrives.forEach(({ request, marker }, i) => {
    const source = group.deadLetters.find(
      (d) => d.stream === marker.deadLetter?.stream && d.seq === marker.deadLetter?.seq,
    );
    const at = i === 0 && source ? Math.min(ms(source.time), ms(request.time)) : ms(request.time);
    const until = i + 1 < redrives.length ? ms(redrives[i + 1]!.request.time) : Infinity;
    const within = (m: TraceMark) => ms(m.time) >= at && ms(m.time) < until;
    const outcome: RedriveOutcome = group.results.some(within)
      ? "result"
      : group.deadLetters.some((d) => d !== source && within(d))
        ? "dead_lettered"
        : request.source === "index" && request.payload.kind === "missing"
          ? "acked"
          : "waiting";
    marker.outcome = outcome;
    marker.label += ` → ${OUTCOME_LABEL[outcome]}`;
  });

  let status: ConversationStatus;
  let end: number | null = null;
  const lastRedrive = redrives.at(-1);
  if (result) {
    status = "done";
    end = Math.max(...group.results.map((m) => ms(m.time)));
  } else {
    const last = group.requests.find((m) => ms(m.time) === lastAttempt);
    const fatal = group.advisories.find(
      (a) => a.kind !== "naked" && (!last || (a.stream === last.stream && a.seq === last.seq)),
    );
    if (lastDeadLetter !== null && lastDeadLetter >= lastAttempt) [status, end] = ["dlq", lastDeadLetter];
    else if (fatal) [status, end] = ["failed", ms(fatal.time)];
    else if (lastRedrive?.marker.outcome === "acked") [status, end] = ["done", lastAttempt];
    else if (lastRedrive && ms(lastRedrive.request.time) === lastAttempt) status = "redriven";
    else status = "waiting";
  }
  const waitingMs = status === "waiting" || status === "redriven" ? Math.max(0, now - lastAttempt) : null;
  if (waitingMs !== null)
    markers.push({
      kind: "waiting",
      lane,
      time: isoFromMs(lastAttempt),
      label: `waiting ${formatDuration(waitingMs / 1000)} for a result`,
      requestId,
    });
  // A redriven call's latency runs from the attempt that was answered, not from the first one hours before.
  const answered =
    end === null ? start : Math.max(start, ...group.requests.map((m) => ms(m.time)).filter((t) => t <= end));
  const pair: TracePair = {
    requestId,
    tool: group.tool,
    lane,
    start: isoFromMs(start),
    end: end === null ? null : isoFromMs(end),
    latencyMs: status === "done" && end !== null ? Math.round((end - answered) * 1000) / 1000 : null,
    waitingMs,
    attempts: group.requests.length,
    status,
    redriven: redrives.length > 0,
  };
  return { markers, pair };
}
