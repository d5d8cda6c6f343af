"use client";
// The audit page's "N new — show" bar: after a poll in which the audit stream grew, the newest records are read
// again and those newer than the newest shown are counted.
import { useRouter } from "next/navigation";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { NewItemsBar } from "@/components/freshness/new-items-bar";
import { useStreamPollKey } from "@/components/freshness/use-poll-key";
import { apiPaths } from "@/lib/dto/api-paths";
import type { AuditPage } from "@/lib/dto/audit";

const LOOK = 50;

export function AuditLive({ environment, newestSeq }: { environment: string; newestSeq: number }) {
  const router = useRouter();
  const poll = useStreamPollKey("SWITCHYARD_AUDIT");
  const { data } = useRefreshingJson<AuditPage>(
    poll.changed ? apiPaths.audit(environment, { limit: LOOK }) : null,
    poll.key,
  );
  const count = data ? data.records.filter((r) => r.seq > newestSeq).length : 0;
  return (
    <NewItemsBar
      count={count}
      capped={count === LOOK}
      noun={["new record", "new records"]}
      onShow={() => router.refresh()}
    />
  );
}
