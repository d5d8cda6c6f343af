"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { conversationId } from "@/lib/dto/traces";

/** Paste a conversation id, open its timeline; a bad id is refused here with the same rule the API applies. */
export function OpenTraceForm({ environment }: { environment: string }) {
  const router = useRouter();
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = conversationId.safeParse(value.trim());
        if (!parsed.success) {
          setError(`Conversation id ${parsed.error.issues[0]?.message ?? "is invalid"}`);
          return;
        }
        router.push(`/${environment}/conversations/${encodeURIComponent(parsed.data)}`);
      }}
    >
      <div>
        <input
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
          aria-label="Conversation id to open"
          aria-invalid={error ? true : undefined}
          placeholder="Paste a conversation id"
          className="w-80 rounded-md border border-zinc-300 bg-white px-2.5 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950"
        />
        {error ? (
          <p role="alert" className="mt-1 max-w-md text-xs text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </div>
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1 text-sm font-medium text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-zinc-100 dark:text-zinc-900"
      >
        Open trace
      </button>
    </form>
  );
}
