// Browse cursors: "entries older than sequence N of DLQ stream S", opaque to clients and checked on the way in.
import { AppError } from "@/lib/core/errors";

export type Cursor = { dlq: string; before: number };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ d: cursor.dlq, b: cursor.before })).toString("base64url");
}

/** Throws a 422 AppError for a malformed cursor or one made for another DLQ stream. */
export function decodeCursor(text: string, dlq: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw new AppError(
      "invalid_input",
      "cursor: not a cursor this server made; start again from the first page",
    );
  }
  const { d, b } = (parsed ?? {}) as { d?: unknown; b?: unknown };
  if (typeof d !== "string" || typeof b !== "number" || !Number.isSafeInteger(b) || b < 1) {
    throw new AppError(
      "invalid_input",
      "cursor: not a cursor this server made; start again from the first page",
    );
  }
  if (d !== dlq)
    throw new AppError(
      "invalid_input",
      `cursor: it belongs to stream ${d}, not ${dlq}; start again from the first page`,
    );
  return { dlq: d, before: b };
}
