"use client";
// "Copy as nats pub": the command to republish this entry by hand.
import { useState } from "react";
import { ScrollBox } from "@/components/ui/scroll-box";
import { Button } from "./button";

export function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-wrap items-start gap-2 px-4 py-3 sm:flex-nowrap">
      <ScrollBox
        label="nats pub command"
        className="min-w-0 flex-1 overflow-x-auto rounded bg-zinc-50 dark:bg-zinc-800/60"
      >
        <code className="block p-2 font-mono text-xs whitespace-pre">{command}</code>
      </ScrollBox>
      <Button
        onClick={async () => {
          await navigator.clipboard?.writeText(command).catch(() => undefined);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy as nats pub"}
      </Button>
    </div>
  );
}
