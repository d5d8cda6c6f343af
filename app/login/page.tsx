import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { sessionInfo } from "@/lib/auth/current";
import { sameOriginPath } from "@/lib/core/same-origin-path";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const requestHeaders = await headers();
  // Only paths on this server, so the login page cannot bounce users to another site (an odd Host gives "/").
  const next = sameOriginPath(
    (await searchParams).next,
    `http://${requestHeaders.get("host") ?? "localhost"}`,
  );
  const session = await sessionInfo(requestHeaders);
  if (session.actor) redirect(next);
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-6 px-4">
      <h1 className="flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span aria-hidden className="grid size-7 place-items-center rounded bg-sky-700 text-xs text-white">
          SY
        </span>
        Sign in to Switchyard
      </h1>
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
