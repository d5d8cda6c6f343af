import { IntentLink } from "@/components/ui/intent-link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-6 py-24 text-center">
      <p className="text-sm font-semibold text-zinc-500">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        This page does not exist. Check the environment name in the address.
      </p>
      <IntentLink
        href="/"
        className="mt-6 inline-block rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        Go to the overview
      </IntentLink>
    </main>
  );
}
