// Pure, bounded in-memory index: conversation id → the messages seen for it (headers only), oldest evicted first.
import type { TraceRole } from "@/lib/dto/traces";

export type IndexEntry = {
  conversationId: string;
  stream: string;
  seq: number;
  subject: string;
  /** Stored time, ms since epoch. */
  time: number;
  size: number;
  role: TraceRole;
  /** Header names and values, flattened ("name\0value\0…") because a million small arrays cost far more memory. */
  headers: string;
};

export const packHeaders = (pairs: readonly (readonly [string, string])[]): string => pairs.map(([k, v]) => `${k}\0${v}`).join("\0");

export function unpackHeaders(packed: string): [string, string][] {
  if (!packed) return [];
  const parts = packed.split("\0");
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
  return pairs;
}

// The conversation id is in almost every entry's headers: its value is stored as one placeholder character instead.
const ID_PLACEHOLDER = "\u0001";

/** Stored form: the header names (one interned string shared by every message with the same names) and the values. */
type StoredEntry = Omit<IndexEntry, "headers"> & { names: string; values: string };

function split(packed: string, id: string): { names: string; values: string } {
  if (!packed) return { names: "", values: "" };
  const parts = packed.split("\0");
  const names: string[] = [];
  const values: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    names.push(parts[i]!);
    values.push(parts[i + 1] === id ? ID_PLACEHOLDER : parts[i + 1]!);
  }
  return { names: names.join("\0"), values: values.join("\0") };
}

function join(names: string, values: string, id: string): string {
  if (!names) return "";
  const n = names.split("\0");
  const v = values.split("\0");
  return n.map((name, i) => `${name}\0${v[i] === ID_PLACEHOLDER ? id : (v[i] ?? "")}`).join("\0");
}

export class HeaderIndex {
  private readonly byConversation = new Map<string, StoredEntry[]>();
  private order: StoredEntry[] = [];
  private head = 0;
  /** Strings repeated across entries (stream names, subjects) are kept once. */
  private readonly interned = new Map<string, string>();

  constructor(
    readonly maxEntries: number,
    readonly maxAgeMs: number,
  ) {}

  get size(): number {
    return this.order.length - this.head;
  }

  get conversations(): number {
    return this.byConversation.size;
  }

  oldest(): number | null {
    return this.size > 0 ? this.order[this.head]!.time : null;
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(value, value);
    return value;
  }

  add(entry: IndexEntry, now = Date.now()): void {
    if (entry.time < now - this.maxAgeMs) return;
    const list = this.byConversation.get(entry.conversationId);
    if (list?.some((e) => e.seq === entry.seq && e.stream === entry.stream)) return;
    // Every entry of a conversation shares one copy of its id (the header parser makes a new string per message).
    const conversationId = list?.[0]?.conversationId ?? entry.conversationId;
    const { names, values } = split(entry.headers, conversationId);
    const stored: StoredEntry = {
      conversationId,
      stream: this.intern(entry.stream),
      seq: entry.seq,
      subject: this.intern(entry.subject),
      time: entry.time,
      size: entry.size,
      role: entry.role,
      names: this.intern(names),
      values,
    };
    if (list) list.push(stored);
    else this.byConversation.set(entry.conversationId, [stored]);
    this.order.push(stored);
    this.evict(now);
  }

  /** Drops entries beyond the size bound or older than the age bound. */
  evict(now = Date.now()): void {
    const cutoff = now - this.maxAgeMs;
    while (this.size > 0 && (this.size > this.maxEntries || this.order[this.head]!.time < cutoff)) {
      const gone = this.order[this.head]!;
      this.head++;
      const list = this.byConversation.get(gone.conversationId);
      if (!list) continue;
      const at = list.indexOf(gone);
      if (at >= 0) list.splice(at, 1);
      if (list.length === 0) this.byConversation.delete(gone.conversationId);
    }
    // Compact the queue now and then instead of shifting on every eviction.
    if (this.head > 65_536 && this.head > this.order.length / 2) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  /** Entries of a conversation, with their headers as stored by `packHeaders`. */
  get(conversationId: string): IndexEntry[] {
    return (this.byConversation.get(conversationId) ?? []).map(({ names, values, ...e }) => ({ ...e, headers: join(names, values, e.conversationId) }));
  }

  /** True when the conversation has an entry of this role (no copying). */
  has(conversationId: string, role: TraceRole): boolean {
    return this.byConversation.get(conversationId)?.some((e) => e.role === role) ?? false;
  }

  /** Conversation ids by most recent activity, newest first; `match` filters ids (search). */
  recent(limit: number, match?: (id: string) => boolean): string[] {
    const seen = new Set<string>();
    const found: string[] = [];
    for (let i = this.order.length - 1; i >= this.head && found.length < limit; i--) {
      const id = this.order[i]!.conversationId;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!match || match(id)) found.push(id);
    }
    return found;
  }
}
