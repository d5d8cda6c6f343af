// Test helper for the exposure matrix: seeds secrets (payload and headers) into a stream, Switchyard's DLQ, an
// application DLQ and a conversation, and finds any of them in a response body however it is encoded.
// Browser-safe imports only, so Playwright specs use it too.
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { DLQ_HEADERS, HEADERS } from "@/lib/dto/message-headers";

/** Each secret as it is seeded; a response that contains one of these strings leaks it. */
export const SECRETS = {
  email: "ada.lovelace@example.com",
  phone: "+44 20 7946 0958",
  apiKey: "sk-live_4eC39HqLyjWDarjtT1zdp7dc",
  bearer: "tok9f8e7d6c5b4a39281706abcdefXYZ",
  cookie: "c00kie-s3cret-value-4711",
  xApiKey: "xak-0f1e2d3c4b5a69788796a5b4",
} as const;
export type SecretName = keyof typeof SECRETS;

export const OWN_DLQ = "SWITCHYARD_DLQ";

export type Seeded = {
  stream: string;
  appDlq: string;
  conversationId: string;
  /** Every place a secret was put: stream and sequence. */
  messages: { stream: string; seq: number; binary: boolean }[];
};

function secretHeaders(extra: Record<string, string> = {}) {
  const h = natsHeaders();
  h.set("Authorization", `Bearer ${SECRETS.bearer}`);
  h.set("Cookie", `session=${SECRETS.cookie}`);
  h.set("X-Api-Key", SECRETS.xApiKey);
  h.set("Reply-To", SECRETS.email);
  for (const [name, value] of Object.entries(extra)) h.set(name, value);
  return h;
}

const payload = (conversationId: string) =>
  JSON.stringify({
    conversation_id: conversationId,
    role: "user",
    customer: { email: SECRETS.email, phone: SECRETS.phone },
    note: `call ${SECRETS.phone} or mail ${SECRETS.email}; key ${SECRETS.apiKey}`,
  });

/** Not UTF-8: the email as raw bytes between bytes no text decoder accepts. */
const binary = () =>
  new Uint8Array([
    0xff,
    0xfe,
    0x00,
    ...new TextEncoder().encode(` ${SECRETS.email} ${SECRETS.apiKey} `),
    0x80,
  ]);

async function addStream(nc: NatsConnection, name: string, subjects: string[]) {
  const jsm = await jetstreamManager(nc);
  const exists = await jsm.streams.info(name).then(
    () => true,
    () => false,
  );
  if (!exists) await jsm.streams.add({ name, subjects });
}

/**
 * `prefix` keeps names apart (EXPOSURE → stream EXPOSURE, app DLQ EXPOSURE_DLQ, conversation exposure-conv);
 * Switchyard's own DLQ must exist already. `tools`: also a tool request keyed by its Conversation-Id header
 * (leave it out where a simulator's workers would consume it).
 */
export async function seedSecrets(
  nc: NatsConnection,
  prefix: string,
  options: { tools?: boolean } = {},
): Promise<Seeded> {
  const js = jetstream(nc);
  const lower = prefix.toLowerCase();
  const stream = prefix;
  const appDlq = `${prefix}_DLQ`;
  const conversationId = `${lower}-conv`;
  const messages: Seeded["messages"] = [];
  const put = async (subject: string, data: string | Uint8Array, h = secretHeaders()) => {
    const ack = await js.publish(subject, data, { headers: h });
    messages.push({ stream: ack.stream, seq: ack.seq, binary: typeof data !== "string" });
  };
  await addStream(nc, stream, [`${lower}.>`]);
  await put(`${lower}.orders`, payload(conversationId));
  await put(`${lower}.orders`, binary());

  const origin = (seq: number) => ({
    [DLQ_HEADERS.stream]: stream,
    [DLQ_HEADERS.subject]: `${lower}.orders`,
    [DLQ_HEADERS.seq]: String(seq),
    [DLQ_HEADERS.consumer]: "workers",
    [DLQ_HEADERS.deliveries]: "5",
    [DLQ_HEADERS.reason]: `permanent error: customer ${SECRETS.email} rejected`,
    [DLQ_HEADERS.time]: new Date().toISOString(),
    [HEADERS.conversationId]: conversationId,
  });
  const ownSubject = `switchyard.dlq.terminated.${stream}.workers.${lower}.orders`;
  await put(ownSubject, payload(conversationId), secretHeaders(origin(1)));
  await put(ownSubject, binary(), secretHeaders(origin(2)));

  await addStream(nc, appDlq, [`${lower}-dlq.>`]);
  await put(`${lower}-dlq.orders`, payload(conversationId), secretHeaders(origin(1)));
  await put(`${lower}-dlq.orders`, binary(), secretHeaders(origin(2)));

  await addStream(nc, "CONVERSATIONS", ["conversations.>"]);
  await put(`conversations.${conversationId}.messages`, payload(conversationId));
  if (options.tools) {
    await addStream(nc, "TOOLS", ["tools.>"]);
    await put(
      "tools.execute.crm_lookup",
      payload(conversationId),
      secretHeaders({ [HEADERS.conversationId]: conversationId }),
    );
  }
  return { stream, appDlq, conversationId, messages };
}

function decodings(value: string): string[] {
  const out = [value];
  const compact = value.replace(/\s+/g, "");
  if (compact.length >= 8 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact))
    out.push(Buffer.from(compact, "base64").toString("latin1"));
  if (compact.length >= 8 && compact.length % 2 === 0 && /^[0-9a-f]+$/i.test(compact))
    out.push(Buffer.from(compact, "hex").toString("latin1"));
  return out;
}

function strings(value: unknown, into: string[]): void {
  if (typeof value === "string") into.push(...decodings(value));
  else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, into);
}

/**
 * The secrets found in a body: as raw bytes, and inside every JSON / NDJSON string value also after base64 or hex
 * decoding (payload previews and hex views), so an encoded leak counts.
 */
export function findSecrets(body: Uint8Array): SecretName[] {
  const raw = Buffer.from(body).toString("latin1");
  const utf8 = Buffer.from(body).toString("utf8");
  const texts = [raw, utf8];
  for (const line of [utf8, ...utf8.split("\n")]) {
    try {
      strings(JSON.parse(line), texts);
    } catch {
      // not JSON
    }
  }
  // RSC payloads and HTML embed JSON inside strings: any long base64/hex-looking run is decoded too.
  for (const run of utf8.match(/[A-Za-z0-9+/]{24,}={0,2}/g) ?? []) texts.push(...decodings(run).slice(1));
  return (Object.keys(SECRETS) as SecretName[]).filter((name) =>
    texts.some((t) => t.includes(SECRETS[name])),
  );
}
