// Dry-run warnings about room in the targets: a stream with discard new refuses what does not fit (those entries
// would fail), one with discard old pushes out its oldest messages, and the account's storage has a limit too.
import type { JetStreamManager } from "@nats-io/jetstream";
import { formatBytes, formatCount } from "@/lib/core/format";

export type TargetLoad = { stream: string; count: number; bytes: number };

export async function capacityWarnings(jsm: JetStreamManager, loads: TargetLoad[]): Promise<string[]> {
  const warnings: string[] = [];
  let total = 0;
  for (const { stream, count, bytes } of loads) {
    total += bytes;
    const info = await jsm.streams.info(stream).catch(() => undefined);
    if (!info) continue;
    const { max_msgs: maxMsgs, max_bytes: maxBytes, discard } = info.config;
    const roomMsgs = maxMsgs > 0 ? Math.max(0, maxMsgs - info.state.messages) : Infinity;
    const roomBytes = maxBytes > 0 ? Math.max(0, maxBytes - info.state.bytes) : Infinity;
    if (count <= roomMsgs && bytes <= roomBytes) continue;
    const limit =
      count > roomMsgs
        ? `room for ${formatCount(roomMsgs)} more messages (max ${formatCount(maxMsgs)})`
        : `room for ${formatBytes(roomBytes)} more (max ${formatBytes(maxBytes)}, the entries are about ${formatBytes(bytes)})`;
    const fitting = Math.min(count, roomMsgs, Math.floor((roomBytes / Math.max(1, bytes)) * count));
    warnings.push(
      discard === "new"
        ? `${stream} has ${limit} and refuses the rest (discard new): about ${formatCount(count - fitting)} of its ${formatCount(count)} entries would fail and stay in the dead-letter queue.`
        : `${stream} has ${limit} (discard old): redriving ${formatCount(count)} entries pushes out about ${formatCount(count - fitting)} of its oldest messages.`,
    );
  }
  const account = await jsm.getAccountInfo().catch(() => undefined);
  const maxStorage = account?.limits.max_storage ?? -1;
  if (account && maxStorage > 0 && account.storage + total > maxStorage)
    warnings.push(
      `The account's JetStream storage is ${formatBytes(account.storage)} of ${formatBytes(maxStorage)}: about ${formatBytes(total)} more may not fit, and publishes beyond the limit fail.`,
    );
  return warnings;
}
