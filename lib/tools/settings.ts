// The tool settings: the config file's `tools` section with defaults, and the rule that names a request's tool.
import type { KeyRule } from "@/lib/config/schema";
import type { ToolsConfig } from "@/lib/config/tools-schema";
import type { TraceSettings } from "@/lib/keys/key-rules";
import { CONVERSATION_HEADERS } from "@/lib/keys/key-rules";

/**
 * Where a tool request carries the tool's name: the `tool` of a request key rule (`traces.keyRules`, the one rule
 * the trace lanes use too), else the demo's layout `tools.execute.{tool}`. A header works on every stream; a JSON
 * field only where Switchyard reads payloads (not through the headers-only trace tap of a work-queue stream).
 */
export type ToolRule = { subjects: string; stream?: string; tool: NonNullable<KeyRule["tool"]> };

/** The demo's layout: `tools.execute.{tool}`. */
export const DEFAULT_TOOL_RULES: ToolRule[] = [{ subjects: "tools.execute.>", tool: { subjectToken: 3 } }];

/** The `tool` of every request key rule that names one (first match wins), then the demo's layout. */
export function toolRules(keyRules: readonly KeyRule[]): ToolRule[] {
  const fromKeys = keyRules.flatMap((r): ToolRule[] =>
    r.role === "request" && r.tool
      ? [{ subjects: r.subjects, ...(r.stream ? { stream: r.stream } : {}), tool: r.tool }]
      : [],
  );
  return [...fromKeys, ...DEFAULT_TOOL_RULES];
}

export type ToolSettings = {
  rules: ToolRule[];
  /** Subjects that carry results, paired with their request by request id (the trace key rules of role result). */
  resultSubjects: string[];
  requestIdHeaders: string[];
  conversationHeaders: string[];
  ackWaitShare: number;
  failureRate: number;
  minCalls: number;
  windowMinutes: number;
  objectives: { tool: string; p95Ms?: number; p99Ms?: number }[];
};

export function toolSettings(config: ToolsConfig, traces: TraceSettings): ToolSettings {
  return {
    rules: toolRules(traces.keyRules),
    resultSubjects: traces.keyRules.filter((r) => r.role === "result").map((r) => r.subjects),
    requestIdHeaders: traces.requestIdHeaders,
    // The header names the trace key rules read conversation ids from, then the common ones.
    conversationHeaders: [
      ...new Set([
        ...traces.keyRules.flatMap((r) => ("header" in r.key ? r.key.header : [])),
        ...CONVERSATION_HEADERS,
      ]),
    ],
    ackWaitShare: config.ackWaitShare ?? 0.8,
    failureRate: config.failureRate ?? 0.05,
    minCalls: config.minCalls ?? 20,
    windowMinutes: config.windowMinutes ?? 5,
    objectives: config.objectives ?? [],
  };
}
