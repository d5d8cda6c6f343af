// Pure: a message payload as safe display text (pretty JSON, UTF-8 text, or a hex dump for anything else).
import type { TracePayload } from "@/lib/dto/traces";

export const PAYLOAD_PREVIEW_BYTES = 64 * 1024;

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

export function decodePayload(bytes: Uint8Array | null, limit = PAYLOAD_PREVIEW_BYTES): TracePayload {
  if (bytes === null) return { kind: "missing", text: "", truncated: false };
  const truncated = bytes.length > limit;
  const shown = truncated ? bytes.subarray(0, limit) : bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(shown);
  } catch {
    // A cut in the middle of a multi-byte character is not binary: retry without the last few bytes.
    if (truncated) {
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(shown.subarray(0, Math.max(0, limit - 3)));
      } catch {
        return { kind: "binary", text: hexDump(shown.subarray(0, 4096)), truncated: true };
      }
    } else return { kind: "binary", text: hexDump(shown.subarray(0, 4096)), truncated: bytes.length > 4096 };
  }
  // Control characters other than tab/newline make text unreadable and can spoof terminal output: show hex.
  if (hasControlCharacters(text))
    return { kind: "binary", text: hexDump(shown.subarray(0, 4096)), truncated: bytes.length > 4096 };
  if (!truncated) {
    try {
      return { kind: "json", text: JSON.stringify(JSON.parse(text), null, 2), truncated: false };
    } catch {
      // not JSON: plain text below
    }
  }
  return { kind: "text", text, truncated };
}

/** Parses a raw NATS header block ("NATS/1.0\r\nName: value\r\n…") into name/value pairs. */
export function parseHeaderBlock(block: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of block.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}
