// How to show a payload safely: pretty JSON, UTF-8 text or hex (browser-safe, pure).

export type PayloadViews = { json: string | null; text: string | null; hex: string };

const HEX_LIMIT = 64 * 1024;

export function hexDump(bytes: Uint8Array, limit = HEX_LIMIT): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let offset = 0; offset < end; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, end));
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > end) lines.push(`… ${bytes.length - end} more bytes (download to see all)`);
  return lines.join("\n");
}

export function payloadViews(bytes: Uint8Array): PayloadViews {
  let text: string | null = null;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  let json: string | null = null;
  if (text !== null && /^\s*[[{"]/.test(text)) {
    try {
      json = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      json = null;
    }
  }
  return { json, text, hex: hexDump(bytes) };
}

/** Makes control characters visible (\u0007) so a header value cannot hide or fake anything on screen. */
export function visibleControls(text: string): string {
  return [...text]
    .map((ch) => {
      const c = ch.charCodeAt(0);
      return c < 0x20 || c === 0x7f ? `\\u${c.toString(16).padStart(4, "0")}` : ch;
    })
    .join("");
}
