"use client";
// Password sign-in form; on success goes to the page the user was sent away from.
import { useState } from "react";
import { apiPost } from "@/lib/client-fetch";
import { sameOriginPath } from "@/lib/core/same-origin-path";
import { apiPaths } from "@/lib/dto/api-paths";
import type { SignInBody } from "@/lib/dto/auth";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await apiPost(apiPaths.login(), {
      user: String(form.get("user") ?? ""),
      password: String(form.get("password") ?? ""),
    } satisfies SignInBody);
    if (result.ok) {
      // Checked again here: the page may have been served by an older build, and this is where the browser goes.
      window.location.assign(sameOriginPath(next, window.location.origin));
      return;
    }
    setBusy(false);
    setError(result.message);
  };
  const field =
    "w-full rounded border border-zinc-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <form onSubmit={submit} className="space-y-4" aria-describedby={error ? "login-error" : undefined}>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">User name</span>
        <input name="user" autoComplete="username" required className={field} />
      </label>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className={field} />
      </label>
      {error ? (
        <p id="login-error" role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
