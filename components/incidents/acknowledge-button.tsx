"use client";
// "I'm on it": operators acknowledge an open incident (audited on the server); reminders stop.
import { useState } from "react";
import { useCan } from "@/components/auth/session-context";
import { Button } from "@/components/dead-letters/button";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { Incident } from "@/lib/dto/incidents";

export function AcknowledgeButton({
  env,
  incident,
  onDone,
}: {
  env: string;
  incident: Incident;
  onDone: (updated: Incident) => void;
}) {
  const can = useCan("operate");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (incident.state !== "open" || incident.acknowledged) return null;
  if (!can) return <p className="text-xs text-zinc-500">Operators can acknowledge this incident.</p>;
  return (
    <div className="flex items-center gap-2">
      <Button
        tone="primary"
        disabled={busy}
        data-testid="acknowledge"
        onClick={async () => {
          setBusy(true);
          const result = await apiPost<Incident>(apiPaths.incidentAcknowledge(env, incident.id), {});
          setBusy(false);
          if (result.ok) onDone(result.data);
          else setError(result.message);
        }}
      >
        {busy ? "Acknowledging…" : "Acknowledge"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}
