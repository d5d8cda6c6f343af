import { Badge, type Tone } from "@/components/ui/badge";
import type { ConversationStatus } from "@/lib/dto/traces";

const LOOK: Record<ConversationStatus, { tone: Tone; label: string }> = {
  done: { tone: "good", label: "done" },
  waiting: { tone: "warn", label: "waiting" },
  redriven: { tone: "neutral", label: "redriven" },
  failed: { tone: "bad", label: "failed" },
  dlq: { tone: "bad", label: "in DLQ" },
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <Badge tone={LOOK[status].tone}>{LOOK[status].label}</Badge>;
}
