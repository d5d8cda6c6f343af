import { IntentLink } from "@/components/ui/intent-link";

export default function StreamNotFound() {
  return (
    <div className="mx-auto max-w-xl px-6 py-16 text-center">
      <p className="text-sm font-semibold text-zinc-500">404</p>
      <h1 className="mt-2 text-xl font-semibold">Stream not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        No stream of that name exists in this environment. It may have been deleted, or the link has a typo.
      </p>
      <IntentLink
        href="./"
        className="mt-6 inline-block text-sm font-medium text-sky-700 hover:underline dark:text-sky-400"
      >
        See all streams
      </IntentLink>
    </div>
  );
}
