import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Conversations" };

export default function ConversationsPage() {
  return (
    <>
      <h1 className="text-lg font-semibold">Conversations</h1>
      <Card>
        <CardHeader title="Conversation traces" />
        <EmptyState title="Conversation traces are not available in this version yet">
          Per-conversation timelines across <code className="font-mono">conversations.*</code>, <code className="font-mono">tools.execute.*</code> and{" "}
          <code className="font-mono">tools.result.*</code> are on the roadmap. Until then, the Streams view shows each stream&apos;s subjects and consumers.
        </EmptyState>
      </Card>
    </>
  );
}
