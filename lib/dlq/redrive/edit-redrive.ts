// Single-entry edit and redrive: publish the edited payload/headers to the target, then delete the entry.
import "server-only";
import { jetstream } from "@nats-io/jetstream";
import { headers as newHeaders } from "@nats-io/transport-node";
import type { z } from "zod";
import type { editRedriveSchema } from "@/lib/dto/dead-letters";
import { redriveMsgId, REDRIVE_HEADERS } from "@/lib/dto/message-headers";
import type { Actor } from "@/lib/core/actor";
import { AppError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { originHeadersFor, readEntry, toEntry, withMarks, type Source } from "@/lib/dlq/entries";

export async function editAndRedrive(
  src: Source,
  dlq: string,
  seq: number,
  edit: z.infer<typeof editRedriveSchema>,
  actor: Actor,
): Promise<{ target: string; stream: string; seq: number; duplicate: boolean }> {
  const msg = await readEntry(src.jsm, dlq, seq);
  const entry = toEntry(
    dlq,
    { seq, subject: msg.subject, time: msg.time.toISOString(), header: msg.header, data: msg.data },
    originHeadersFor(src.originHeaders, dlq),
    src.keyRules,
  );
  await withMarks(src.jsm, [entry]); // a kept entry redriven before: a new Nats-Msg-Id, and its count goes on
  const target = edit.target ?? entry.origin.subject;
  if (!target)
    throw new AppError("invalid_input", "target: the entry has no original subject; give a target subject");
  const stream = await src.jsm.streams.find(target).catch(() => null);
  if (!stream)
    throw new AppError("invalid_input", `target: no stream captures ${target}; nothing was published`);
  const h = newHeaders();
  for (const [name, value] of edit.headers) {
    if (/^nats-/i.test(name))
      throw new AppError("invalid_input", `headers: ${name} is set by the server, not by you`);
    if (/^x-dlq-/i.test(name) || name.toLowerCase() === REDRIVE_HEADERS.count.toLowerCase()) continue;
    h.append(name, value);
  }
  h.set(REDRIVE_HEADERS.count, String(entry.redriveCount + 1));
  h.set(REDRIVE_HEADERS.job, `edit:${seq}`);
  const data =
    edit.payloadEncoding === "base64"
      ? Buffer.from(edit.payload, "base64")
      : Buffer.from(edit.payload, "utf8");
  const maxPayload = src.nc.info?.max_payload ?? 1024 * 1024;
  if (data.length > maxPayload)
    throw new AppError(
      "payload_too_large",
      `payload: ${data.length} bytes, but this NATS server accepts at most ${maxPayload} bytes per message`,
    );
  const ack = await jetstream(src.nc).publish(target, data, {
    msgID: redriveMsgId(dlq, seq, (entry.redriven?.count ?? 0) + 1),
    headers: h,
  });
  // Checked after the PubAck rather than sent as Nats-Expected-Stream, which the trace tap would refuse.
  if (ack.stream !== stream)
    throw new AppError(
      "conflict",
      `published to ${target}, but stream ${ack.stream} stored it, not ${stream}; the entry is kept`,
    );
  await src.jsm.streams.deleteMessage(dlq, seq, false).catch(() => false);
  await recordAudit(src, {
    user: actor.user,
    address: actor.address,
    action: "redrive.edit",
    dlqStream: dlq,
    seqs: [seq],
    target,
    counts: { moved: 1, bytes: data.length },
    result: "ok",
    note: ack.duplicate ? "target reported a duplicate (already redriven)" : undefined,
  });
  return { target, stream, seq: ack.seq, duplicate: ack.duplicate };
}
