// Pure: messages a tail read (requests, results, dead letters) into the tool stats. Built once per settings, so
// each message costs one pass over its headers and prefix tests on its subject.
import { parseRedriveMsgId, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import { subjectMatcher } from "@/lib/core/subjects";
import type { OriginHeaderNames } from "@/lib/dlq/entries";
import { headerValue, jsonField, type HeaderList } from "@/lib/keys/extract-key";
import type { ToolRule } from "./settings";
import type { ToolSettings } from "./settings";
import type { ToolStats } from "./tool-stats";

export type SeenMessage = {
  /** A request stream read directly, its copy in the trace tap, or a dead-letter stream. */
  kind: "requests" | "tap" | "dead_letters";
  /** The stream read (the tap's name for tapped copies) and the stream it stands for. */
  stream: string;
  label: string;
  /** Sequence and subject in the stream read. */
  seq: number;
  subject: string;
  headers: HeaderList;
  /** Stored time, ms since epoch. */
  time: number;
  payload: Uint8Array | null;
};

type CompiledRule = { rule: ToolRule; matches: (subject: string) => boolean; toolSlots: number[] };

const validTool = (tool: string | null | undefined): tool is string =>
  !!tool && tool.length <= 128 && !/[\s/\\]/.test(tool);

export class ToolFeed {
  /** Header name (as written and lower-cased) → its slot in a message's values. */
  private readonly slots = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly rules: CompiledRule[];
  private readonly results: ((subject: string) => boolean)[];
  private readonly slot: {
    stream: number;
    subject: number;
    seq: number;
    msgId: number;
    redrive: number;
    requestId: number[];
    conversation: number[];
  };

  constructor(
    private readonly stats: ToolStats,
    private readonly settings: ToolSettings,
    private readonly originHeaders: (dlqStream: string) => OriginHeaderNames,
  ) {
    const slotsOf = (names: readonly string[]) => names.map((n) => this.slotFor(n));
    this.slot = {
      stream: this.slotFor("Nats-Stream"),
      subject: this.slotFor("Nats-Subject"),
      seq: this.slotFor("Nats-Sequence"),
      msgId: this.slotFor("Nats-Msg-Id"),
      redrive: this.slotFor(REDRIVE_HEADERS.count),
      requestId: slotsOf(settings.requestIdHeaders),
      conversation: slotsOf(settings.conversationHeaders),
    };
    this.rules = settings.rules.map((rule) => ({
      rule,
      matches: subjectMatcher(rule.subjects),
      toolSlots: "header" in rule.tool ? slotsOf(rule.tool.header) : [],
    }));
    this.results = settings.resultSubjects.map(subjectMatcher);
  }

  private slotFor(name: string): number {
    const lower = name.toLowerCase();
    let slot = this.slots.get(lower);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(lower);
      this.slots.set(lower, slot);
    }
    this.slots.set(name, slot);
    return slot;
  }

  /** The values of the headers the feed reads, one pass; the first non-empty value of a name wins. */
  private read(headers: HeaderList): (string | undefined)[] {
    const values: (string | undefined)[] = new Array(this.names.length);
    for (let i = 0; i < headers.length; i++) {
      const [name, value] = headers[i]!;
      const slot = this.slots.get(name) ?? this.slots.get(name.toLowerCase());
      if (slot !== undefined && values[slot] === undefined && value !== "") values[slot] = value;
    }
    return values;
  }

  private first(values: (string | undefined)[], slots: readonly number[]): string | null {
    for (const slot of slots) if (values[slot] !== undefined) return values[slot]!;
    return null;
  }

  feed(m: SeenMessage): void {
    if (m.kind === "dead_letters") return this.deadLetter(m);
    const values = this.read(m.headers);
    const tapped = m.kind === "tap";
    const stream = tapped ? (values[this.slot.stream] ?? m.label) : m.stream;
    const seq = tapped ? Number(values[this.slot.seq]) : m.seq;
    const subject = tapped ? (values[this.slot.subject] ?? m.subject) : m.subject;
    if (!Number.isInteger(seq)) return;
    this.stats.observeStreamSeq(stream, seq);
    const requestId = this.first(values, this.slot.requestId);
    const compiled = this.rules.find(
      (r) => (!r.rule.stream || r.rule.stream === stream) && r.matches(subject),
    );
    if (compiled) {
      const spec = compiled.rule.tool;
      const tool =
        "subjectToken" in spec
          ? subject.split(".")[spec.subjectToken - 1]
          : "header" in spec
            ? this.first(values, compiled.toolSlots)
            : jsonField(m.payload, spec.jsonField);
      if (!validTool(tool)) return;
      const msgId = values[this.slot.msgId];
      this.stats.observeRequest({
        tool,
        stream,
        seq,
        subject,
        time: m.time,
        requestId,
        conversationId: this.first(values, this.slot.conversation),
        redriven:
          (msgId !== undefined && msgId.startsWith("redrive") && parseRedriveMsgId(msgId) !== null) ||
          values[this.slot.redrive] !== undefined,
      });
      return;
    }
    if (this.results.some((matches) => matches(subject)))
      this.stats.observeResult({ requestId, time: m.time });
  }

  private deadLetter(m: SeenMessage): void {
    const names = this.originHeaders(m.stream);
    const subject = headerValue(m.headers, [names.subject]);
    if (!subject) return;
    const origin = headerValue(m.headers, [names.stream]) ?? "";
    const compiled = this.rules.find(
      (r) => (!r.rule.stream || r.rule.stream === origin) && r.matches(subject),
    );
    if (!compiled) return;
    const spec = compiled.rule.tool;
    const tool =
      "subjectToken" in spec
        ? subject.split(".")[spec.subjectToken - 1]
        : "header" in spec
          ? headerValue(m.headers, spec.header)
          : null;
    if (validTool(tool)) this.stats.observeDeadLetter({ tool, dlqStream: m.stream, time: m.time });
  }
}
