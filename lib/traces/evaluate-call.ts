// Pure: one tool call (a request id's requests, results, dead letters and advisories) → its markers and
// request→result bar.
import type { ConversationStatus, TraceMark, TraceMarker, TracePair } from "@/lib/dto/traces";
import { parseRedriveMsgId, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import type { OriginHeaderNames } from "@/lib/dlq/entries";
import { formatDuration } from "@/lib/core/format";
import { isoFromMs, preciseMs as ms } from "@/lib/core/precise-time";
import type { AdvisoryRef } from "./advisory-index";
import { headerValue } from "./extract-key";

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
  for (const r of group.requests) {
    const from = parseRedriveMsgId(headerValue(r.headers, ["Nats-Msg-Id"]));
    const count = headerValue(r.headers, [REDRIVE_HEADERS.count]);
    if (!from && !count) continue;
    r.label = `redriven request ${group.tool}`;
    markers.push({
      kind: "redriven",
      lane,
      time: r.time,
      label: `redriven${from ? ` from ${from.stream} #${from.seq}` : ""}${count ? ` (redrive ${count})` : ""}`,
      requestId,
      deadLetter: from ? { stream: from.stream, seq: from.seq } : undefined,
    });
  }

  const times = [...group.requests, ...group.deadLetters, ...group.results].map((m) => ms(m.time));
  const start = group.requests.length
    ? Math.min(...group.requests.map((m) => ms(m.time)))
    : Math.min(...times);
  const lastAttempt = group.requests.length ? Math.max(...group.requests.map((m) => ms(m.time))) : start;
  const result = group.results[0];
  let status: ConversationStatus;
  let end: number | null = null;
  if (result) {
    status = "done";
    end = ms(result.time);
  } else {
    const lastDeadLetter = group.deadLetters.length
      ? Math.max(...group.deadLetters.map((m) => ms(m.time)))
      : null;
    const last = group.requests.find((m) => ms(m.time) === lastAttempt);
    const fatal = group.advisories.find(
      (a) => a.kind !== "naked" && (!last || (a.stream === last.stream && a.seq === last.seq)),
    );
    if (lastDeadLetter !== null && lastDeadLetter >= lastAttempt) [status, end] = ["dlq", lastDeadLetter];
    else if (fatal) [status, end] = ["failed", ms(fatal.time)];
    else status = "waiting";
  }
  const waitingMs = status === "waiting" ? Math.max(0, now - lastAttempt) : null;
  if (waitingMs !== null)
    markers.push({
      kind: "waiting",
      lane,
      time: isoFromMs(lastAttempt),
      label: `waiting ${formatDuration(waitingMs / 1000)} for a result`,
      requestId,
    });
  const pair: TracePair = {
    requestId,
    tool: group.tool,
    lane,
    start: isoFromMs(start),
    end: end === null ? null : isoFromMs(end),
    latencyMs: status === "done" && end !== null ? Math.round((end - start) * 1000) / 1000 : null,
    waitingMs,
    attempts: group.requests.length,
    status,
  };
  return { markers, pair };
}
