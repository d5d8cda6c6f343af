"use client";
// Silences: stop notifications for a rule, a stream or a consumer until they expire (operators; audited).
import { useState } from "react";
import { useCan } from "@/components/auth/session-context";
import { Button, inputClass } from "@/components/dead-letters/button";
import { useRefreshingJson } from "@/components/charts/use-refreshing-json";
import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import type { Silence } from "@/lib/dto/incidents";

export function SilencesCard({ env }: { env: string }) {
  const can = useCan("operate");
  const [version, setVersion] = useState(0);
  const { data, error } = useRefreshingJson<{ silences: Silence[] }>(apiPaths.silences(env), version);
  const [form, setForm] = useState({ rule: "", stream: "", consumer: "", minutes: "60", comment: "" });
  const [message, setMessage] = useState<string>();
  const silences = data?.silences ?? [];
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const body = {
      ...(form.rule ? { rule: form.rule } : {}),
      ...(form.stream ? { stream: form.stream } : {}),
      ...(form.consumer ? { consumer: form.consumer } : {}),
      ...(form.comment ? { comment: form.comment } : {}),
      minutes: Number(form.minutes),
    };
    const result = await apiPost<Silence>(apiPaths.silences(env), body);
    setMessage(result.ok ? undefined : result.message);
    if (result.ok) {
      setForm({ rule: "", stream: "", consumer: "", minutes: "60", comment: "" });
      setVersion((v) => v + 1);
    }
  };
  const field = (name: keyof typeof form, label: string, placeholder: string, type = "text") => (
    <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      {label}
      <input
        className={inputClass}
        value={form[name]}
        type={type}
        placeholder={placeholder}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
    </label>
  );
  return (
    <Card>
      <CardHeader
        title="Silences"
        description="A silenced incident is still shown here; it just sends no notifications until the silence expires."
      />
      {error ? <p className="px-4 py-2 text-sm text-red-700 dark:text-red-400">{error}</p> : null}
      {silences.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">No active silences.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="silences">
          {silences.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
              <span className="min-w-0 flex-1 break-words">
                {[
                  s.rule && `rule ${s.rule}`,
                  s.stream && `stream ${s.stream}`,
                  s.consumer && `consumer ${s.consumer}`,
                ]
                  .filter(Boolean)
                  .join(", ")}
                {s.comment ? <span className="text-zinc-500"> — {s.comment}</span> : null}
              </span>
              <span className="text-xs text-zinc-500">
                by {s.createdBy}, expires <RelativeTime iso={s.expiresAt} />
              </span>
              {can ? (
                <Button
                  onClick={async () => {
                    const result = await apiPost(apiPaths.silenceExpire(env, s.id), undefined);
                    setMessage(result.ok ? undefined : result.message);
                    setVersion((v) => v + 1);
                  }}
                >
                  Expire now
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {can ? (
        <form
          onSubmit={submit}
          className="flex flex-wrap items-end gap-3 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800"
        >
          {field("rule", "Rule", "e.g. no_active_pullers")}
          {field("stream", "Stream", "any stream")}
          {field("consumer", "Consumer", "any consumer")}
          {field("minutes", "Minutes", "60", "number")}
          {field("comment", "Why", "e.g. planned deploy")}
          <Button tone="primary" type="submit">
            Silence
          </Button>
          {message ? (
            <span role="alert" className="w-full text-xs text-red-700 dark:text-red-400">
              {message}
            </span>
          ) : null}
        </form>
      ) : null}
    </Card>
  );
}
