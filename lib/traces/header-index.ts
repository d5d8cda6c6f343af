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

export const packHeaders = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.map(([k, v]) => `${k}\0${v}`).join("\0");

export function unpackHeaders(packed: string): [string, string][] {
  if (!packed) return [];
  const parts = packed.split("\0");
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
  return pairs;
}

// The conversation id is in almost every entry's headers: its value is stored as one placeholder character instead.
const ID_PLACEHOLDER = "\u0001";

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

const ROLES: readonly TraceRole[] = ["conversation", "request", "result", "dead_letter", "other"];
const ROLE_CODE = new Map(ROLES.map((role, i) => [role, i]));

/**
 * A conversation's entries (as entry numbers into the columns), its place in the recency list (newest first),
 * and a version that changes whenever its entries do.
 */
type ConversationRecord = {
  id: string;
  entries: number[];
  version: number;
  deadLetters: number;
  newer: ConversationRecord | null;
  older: ConversationRecord | null;
};

/** A packed array (`new Array(n)` of a large n would be a slow dictionary-mode array). */
function filled<T>(length: number, value: T): T[] {
  const array: T[] = [];
  for (let i = 0; i < length; i++) array.push(value);
  return array;
}

/**
 * Entries in a ring of columns rather than one object each: numbers in typed arrays, strings as references to
 * interned or per-entry strings. A million entries cost about half of what a million small objects did.
 */
class Columns {
  readonly seq: Float64Array;
  readonly time: Float64Array;
  readonly size: Uint32Array;
  readonly role: Uint8Array;
  readonly stream: string[];
  readonly subject: string[];
  readonly names: string[];
  readonly values: string[];
  readonly record: (ConversationRecord | null)[];

  constructor(readonly capacity: number) {
    this.seq = new Float64Array(capacity);
    this.time = new Float64Array(capacity);
    this.size = new Uint32Array(capacity);
    this.role = new Uint8Array(capacity);
    this.stream = filled(capacity, "");
    this.subject = filled(capacity, "");
    this.names = filled(capacity, "");
    this.values = filled(capacity, "");
    this.record = filled<ConversationRecord | null>(capacity, null);
  }

  /** Copies entry `n` from another ring (entry numbers stay; their slots change with the capacity). */
  copy(from: Columns, n: number): void {
    const a = n % from.capacity;
    const b = n % this.capacity;
    this.seq[b] = from.seq[a]!;
    this.time[b] = from.time[a]!;
    this.size[b] = from.size[a]!;
    this.role[b] = from.role[a]!;
    this.stream[b] = from.stream[a]!;
    this.subject[b] = from.subject[a]!;
    this.names[b] = from.names[a]!;
    this.values[b] = from.values[a]!;
    this.record[b] = from.record[a]!;
  }
}

export class HeaderIndex {
  private readonly byConversation = new Map<string, ConversationRecord>();
  /** Conversations by their latest entry, so a page of recent ones costs the page, not the index. */
  private newest: ConversationRecord | null = null;
  private columns: Columns;
  /** Entry numbers: the oldest still held, and the next to give. */
  private head = 0;
  private tail = 0;
  /** Strings repeated across entries (stream names, subjects, header name layouts) are kept once. */
  private readonly interned = new Map<string, string>();

  constructor(
    readonly maxEntries: number,
    readonly maxAgeMs: number,
  ) {
    this.columns = new Columns(Math.max(1, Math.min(maxEntries, 1024)));
  }

  get size(): number {
    return this.tail - this.head;
  }

  get conversations(): number {
    return this.byConversation.size;
  }

  oldest(): number | null {
    return this.size > 0 ? this.columns.time[this.head % this.columns.capacity]! : null;
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(value, value);
    return value;
  }

  private unlink(record: ConversationRecord): void {
    if (record.newer) record.newer.older = record.older;
    else this.newest = record.older;
    if (record.older) record.older.newer = record.newer;
    record.newer = record.older = null;
  }

  private pushNewest(record: ConversationRecord): void {
    record.older = this.newest;
    record.newer = null;
    if (this.newest) this.newest.newer = record;
    this.newest = record;
  }

  private contains(record: ConversationRecord, stream: string, seq: number): boolean {
    const { capacity } = this.columns;
    return record.entries.some(
      (n) => this.columns.seq[n % capacity] === seq && this.columns.stream[n % capacity] === stream,
    );
  }

  /** Doubles the ring (up to the bound) when it is full. */
  private makeRoom(): void {
    if (this.size < this.columns.capacity || this.columns.capacity >= this.maxEntries) return;
    const bigger = new Columns(Math.min(this.maxEntries, this.columns.capacity * 2));
    for (let n = this.head; n < this.tail; n++) bigger.copy(this.columns, n);
    this.columns = bigger;
  }

  add(entry: IndexEntry, now = Date.now()): void {
    if (entry.time < now - this.maxAgeMs) return;
    let record = this.byConversation.get(entry.conversationId);
    if (record && this.contains(record, entry.stream, entry.seq)) return;
    // Make room first, so the ring never holds more than the bound.
    this.evict(now, this.maxEntries - 1);
    record = this.byConversation.get(entry.conversationId);
    this.makeRoom();
    // Every entry of a conversation shares one copy of its id (the header parser makes a new string per message).
    if (record) this.unlink(record);
    else {
      record = {
        id: entry.conversationId,
        entries: [],
        version: 0,
        deadLetters: 0,
        newer: null,
        older: null,
      };
      this.byConversation.set(entry.conversationId, record);
    }
    const { names, values } = split(entry.headers, record.id);
    const n = this.tail++;
    const slot = n % this.columns.capacity;
    const c = this.columns;
    c.seq[slot] = entry.seq;
    c.time[slot] = entry.time;
    c.size[slot] = entry.size;
    c.role[slot] = ROLE_CODE.get(entry.role) ?? ROLE_CODE.get("other")!;
    c.stream[slot] = this.intern(entry.stream);
    c.subject[slot] = this.intern(entry.subject);
    c.names[slot] = this.intern(names);
    c.values[slot] = values;
    c.record[slot] = record;
    record.entries.push(n);
    record.version++;
    if (entry.role === "dead_letter") record.deadLetters++;
    this.pushNewest(record);
  }

  /** Drops entries beyond the size bound (or `keep`) or older than the age bound. */
  evict(now = Date.now(), keep = this.maxEntries): void {
    const cutoff = now - this.maxAgeMs;
    const c = this.columns;
    while (this.size > 0 && (this.size > keep || c.time[this.head % c.capacity]! < cutoff)) {
      const n = this.head++;
      const slot = n % c.capacity;
      const record = c.record[slot];
      c.record[slot] = null;
      c.values[slot] = "";
      if (!record) continue;
      // Entries leave in the order they came, so they leave their conversation from the front.
      const at = record.entries[0] === n ? 0 : record.entries.indexOf(n);
      if (at < 0) continue;
      record.entries.splice(at, 1);
      record.version++;
      if (c.role[slot] === ROLE_CODE.get("dead_letter")) record.deadLetters--;
      if (record.entries.length === 0) {
        this.unlink(record);
        this.byConversation.delete(record.id);
      }
    }
  }

  /** Entries of a conversation, with their headers as stored by `packHeaders`. */
  get(conversationId: string): IndexEntry[] {
    const record = this.byConversation.get(conversationId);
    if (!record) return [];
    const c = this.columns;
    return record.entries.map((n) => {
      const slot = n % c.capacity;
      return {
        conversationId: record.id,
        stream: c.stream[slot]!,
        seq: c.seq[slot]!,
        subject: c.subject[slot]!,
        time: c.time[slot]!,
        size: c.size[slot]!,
        role: ROLES[c.role[slot]!]!,
        headers: join(c.names[slot]!, c.values[slot]!, record.id),
      };
    });
  }

  /** The (stream, sequence) of each entry of a conversation, without its headers. */
  refs(conversationId: string): { stream: string; seq: number }[] {
    const c = this.columns;
    return (this.byConversation.get(conversationId)?.entries ?? []).map((n) => ({
      stream: c.stream[n % c.capacity]!,
      seq: c.seq[n % c.capacity]!,
    }));
  }

  /** Changes whenever an entry of the conversation is added or evicted (0: not indexed). */
  version(conversationId: string): number {
    return this.byConversation.get(conversationId)?.version ?? 0;
  }

  /** True when the conversation has an entry of this role (no copying). */
  has(conversationId: string, role: TraceRole): boolean {
    const record = this.byConversation.get(conversationId);
    if (!record) return false;
    if (role === "dead_letter") return record.deadLetters > 0;
    const code = ROLE_CODE.get(role);
    return record.entries.some((n) => this.columns.role[n % this.columns.capacity] === code);
  }

  /**
   * Conversation ids by most recent entry, newest first; `match` filters ids (search). Walks only as far as
   * it must.
   */
  recent(limit: number, match?: (id: string) => boolean): string[] {
    const found: string[] = [];
    for (let record = this.newest; record && found.length < limit; record = record.older) {
      if (!match || match(record.id)) found.push(record.id);
    }
    return found;
  }
}
