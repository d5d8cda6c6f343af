import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { sessionInfo } from "@/lib/auth/current";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths, so the login page cannot be used to bounce users to another site. */
function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  const session = await sessionInfo(await headers());
  if (session.actor) redirect(next);
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-6 px-4">
      <div className="flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span aria-hidden className="grid size-7 place-items-center rounded bg-sky-600 text-xs text-white">
          SY
        </span>
        Sign in to Switchyard
      </div>
      {session.mode === "password" ? (
        <LoginForm next={next} />
      ) : session.mode === "proxy" ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Sign-in is handled by your organisation&apos;s sign-in proxy. Open Switchyard through its address.
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Sign-in is off on this server; it only answers on this machine.
        </p>
      )}
    </main>
  );
}
