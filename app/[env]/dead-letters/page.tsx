import type { Metadata } from "next";
import { DeadLetterStreams } from "@/components/streams/dead-letter-streams";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Dead letters" };

export default async function DeadLettersPage({ params }: { params: Promise<{ env: string }> }) {
  const { env } = await params;
  const configured = getConfig().environments.find((e) => e.name === env)?.deadLetterStreams ?? [];
  return (
    <>
      <h1 className="text-lg font-semibold">Dead letters</h1>
      <DeadLetterStreams configured={configured} />
    </>
  );
}
