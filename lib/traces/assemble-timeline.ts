// Pure: turns a conversation's messages, dead-letter entries and advisories into lanes, marks, request→result
// bars and markers.
import type {
  ConversationStatus,
  SearchedSource,
  Timeline,
  TraceLane,
  TraceMark,
  TraceMarker,
  TraceMessage,
  TracePair,
} from "@/lib/dto/traces";
import { HEADERS } from "@/lib/dto/message-headers";
import { markId } from "@/lib/dto/page-paths";
import { DEFAULT_ORIGIN_HEADERS, type OriginHeaderNames } from "@/lib/dlq/entries";
import type { AdvisoryRef } from "./advisory-index";
import { evaluateCall, type ToolCall } from "./evaluate-call";
import type { KeyRule } from "@/lib/config/schema";
import { extractTool, findRule, headerValue } from "@/lib/keys/extract-key";
import { DEFAULT_KEY_RULES } from "@/lib/keys/key-rules";
import { isoFromMs, preciseMs } from "@/lib/core/precise-time";

export type AssembleInput = {
  conversationId: string;
  messages: readonly TraceMessage[];
  advisories: readonly AdvisoryRef[];
  requestIdHeaders: readonly string[];
  traceLinkTemplate: string | null;
  /** Origin header names of a dead-letter stream (`deadLetterHeaders`); X-Dlq-* when not given. */
  originHeaders?: (dlqStream: string) => OriginHeaderNames;
  searched: SearchedSource[];
  now: number;
  /** `traces.keyRules`: where a message names its tool (default rules when not given). */
  keyRules?: readonly KeyRule[];
};

const ms = preciseMs;
const lastToken = (subject: string) => subject.slice(subject.lastIndexOf(".") + 1);
const RANK: Record<ConversationStatus, number> = { done: 0, waiting: 1, redriven: 1, failed: 2, dlq: 3 };
/** A call whose request is not in the trace and whose result names no tool. */
export const UNKNOWN_TOOL = "unknown tool";

/**
 * The tool a message names: its key rule's `tool` (subject token, header or JSON field), else the Tool header; a
 * request (or the dead letter of one) falls back to its subject's last token. A result gets null here and takes its
 * request's tool: on tools.result.{conversation_id} the last token is the conversation, not a tool.
 */
function toolOf(message: TraceMessage, rules: readonly KeyRule[], names: OriginHeaderNames): string | null {
  let subject = message.subject;
  let stream = message.stream;
  if (message.role === "dead_letter") {
    subject = headerValue(message.headers, [names.subject]) ?? "";
    stream = headerValue(message.headers, [names.stream]) ?? "";
  }
  const rule = subject ? findRule(rules, stream, subject) : undefined;
  const payload =
    message.payload.kind === "json" || message.payload.kind === "text" ? message.payload.text : null;
  const tool =
    extractTool(rule, { subject, headers: message.headers, payload }) ??
    headerValue(message.headers, [HEADERS.tool]);
  if (tool) return tool;
  const request = message.role === "request" || (message.role === "dead_letter" && rule?.role !== "result");
  return request && subject ? lastToken(subject) : null;
}

function conversationLabel(message: TraceMessage): string {
  if (message.payload.kind === "json") {
    try {
      const role = (JSON.parse(message.payload.text) as { role?: unknown }).role;
      if (typeof role === "string") return `${role} message`;
    } catch {
      // fall through
    }
  }
  return "message";
}

type Group = ToolCall;

export function assembleTimeline(input: AssembleInput): Timeline {
  const originHeaders = input.originHeaders ?? (() => DEFAULT_ORIGIN_HEADERS);
  const keyRules = input.keyRules ?? DEFAULT_KEY_RULES;
  const unique = new Map<string, TraceMessage>();
  for (const m of input.messages) unique.set(`${m.stream}\0${m.seq}`, m);
  const sorted = [...unique.values()].sort(
    (a, b) => ms(a.time) - ms(b.time) || a.stream.localeCompare(b.stream) || a.seq - b.seq,
  );

  const groups = new Map<string, Group>();
  const marks: TraceMark[] = sorted.map((message) => {
    const requestId = headerValue(message.headers, input.requestIdHeaders) ?? undefined;
    const tool =
      message.role === "conversation"
        ? undefined
        : (toolOf(message, keyRules, originHeaders(message.stream)) ?? undefined);
    let lane = "other";
    let label = message.subject;
    if (message.role === "conversation") [lane, label] = ["conversation", conversationLabel(message)];
    else if (message.role === "request") lane = "agent";
    else if (message.role === "result") lane = "results";
    const mark: TraceMark = {
      ...message,
      id: markId(message.stream, message.seq),
      lane,
      label,
      requestId,
      tool,
    };
    if (message.role === "request" || message.role === "result" || message.role === "dead_letter") {
      const key = requestId ?? `${message.stream}:${message.seq}`;
      const group = groups.get(key) ?? {
        requestId: key,
        tool: "",
        requests: [],
        results: [],
        deadLetters: [],
        advisories: [],
      };
      groups.set(key, group);
      if (message.role === "request") group.requests.push(mark);
      else if (message.role === "result") group.results.push(mark);
      else group.deadLetters.push(mark);
    }
    return mark;
  });

  // Dead-letter entries and advisories name the original by (stream, seq): attach them to the group of that request.
  const bySeq = new Map<string, Group>();
  for (const group of groups.values())
    for (const r of group.requests) bySeq.set(`${r.stream}\0${r.seq}`, group);
  for (const group of [...groups.values()]) {
    for (const dl of [...group.deadLetters]) {
      const names = originHeaders(dl.stream);
      const origin = bySeq.get(
        `${headerValue(dl.headers, [names.stream])}\0${headerValue(dl.headers, [names.seq])}`,
      );
      if (origin && origin !== group) {
        origin.deadLetters.push(dl);
        group.deadLetters.splice(group.deadLetters.indexOf(dl), 1);
      }
    }
    if (group.requests.length + group.results.length + group.deadLetters.length === 0)
      groups.delete(group.requestId);
  }
  // A call's tool: what its request (or dead letter) names, else what a result names; results take it from there.
  const toolLanes: string[] = [];
  for (const group of groups.values()) {
    const members = [...group.requests, ...group.deadLetters, ...group.results];
    group.tool = members.find((m) => m.tool)?.tool ?? UNKNOWN_TOOL;
    if (!toolLanes.includes(group.tool)) toolLanes.push(group.tool);
    for (const m of members) {
      m.tool = group.tool;
      if (m.role === "request") m.label = `request ${group.tool}`;
      else if (m.role === "result") m.label = `result ${group.tool}`;
      else [m.lane, m.label] = [`tool:${group.tool}`, `dead letter ${group.tool}`];
    }
  }
  for (const advisory of input.advisories)
    bySeq.get(`${advisory.stream}\0${advisory.seq}`)?.advisories.push(advisory);

  const markers: TraceMarker[] = [];
  const pairs: TracePair[] = [];
  for (const group of groups.values()) {
    const evaluated = evaluateCall(group, input.now, originHeaders);
    markers.push(...evaluated.markers);
    pairs.push(evaluated.pair);
  }
  markers.sort((a, b) => ms(a.time) - ms(b.time));
  pairs.sort((a, b) => ms(a.start) - ms(b.start));

  let status: ConversationStatus = "done";
  for (const pair of pairs) if (RANK[pair.status] > RANK[status]) status = pair.status;
  if (pairs.length === 0 && !marks.some((m) => m.role === "conversation" && m.label === "assistant message"))
    status = marks.length ? "waiting" : "done";

  const lanes: TraceLane[] = [
    { id: "conversation", label: "conversation" },
    { id: "agent", label: "agent (requests)" },
  ];
  for (const tool of toolLanes)
    lanes.push({ id: `tool:${tool}`, label: tool === UNKNOWN_TOOL ? tool : `tool ${tool}` });
  lanes.push({ id: "results", label: "results" });
  if (marks.some((m) => m.lane === "other")) lanes.push({ id: "other", label: "other" });

  const startedAt = marks.length ? marks[0]!.time : null;
  const lastTime = marks.length
    ? Math.max(
        ...marks.map((m) => ms(m.time)),
        ...markers.filter((m) => m.kind !== "waiting").map((m) => ms(m.time)),
      )
    : null;
  const endedAt = status === "waiting" || lastTime === null ? null : isoFromMs(lastTime);
  const durationMs = startedAt === null ? null : (endedAt ? ms(endedAt) : input.now) - ms(startedAt);
  const traceparent = marks.map((m) => headerValue(m.headers, [HEADERS.traceparent])).find(Boolean) ?? null;
  const traceId = traceparent?.split("-")[1];
  const traceLink =
    input.traceLinkTemplate && traceId && /^[0-9a-f]{32}$/.test(traceId)
      ? input.traceLinkTemplate.replaceAll("{traceId}", traceId)
      : null;

  return {
    conversationId: input.conversationId,
    status,
    startedAt,
    endedAt,
    durationMs,
    counts: {
      messages: marks.length,
      tools: pairs.length,
      failures: markers.filter(
        (m) =>
          m.kind === "nak" ||
          m.kind === "max_deliveries" ||
          m.kind === "terminated" ||
          m.kind === "dead_lettered",
      ).length,
    },
    lanes,
    marks,
    pairs,
    markers,
    traceparent,
    traceLink,
    searched: input.searched,
    generatedAt: new Date(input.now).toISOString(),
  };
}
