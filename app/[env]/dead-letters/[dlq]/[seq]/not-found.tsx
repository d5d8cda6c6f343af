import { IntentLink } from "@/components/ui/intent-link";

export default function EntryNotFound() {
  return (
    <div className="mx-auto max-w-xl px-6 py-16 text-center">
      <h1 className="text-xl font-semibold">Entry not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        It may have been redriven, discarded or expired. The audit log says who did what.
      </p>
      <IntentLink href=".." className="mt-6 inline-block text-sm underline">
        Back to dead letters
      </IntentLink>
    </div>
  );
}
