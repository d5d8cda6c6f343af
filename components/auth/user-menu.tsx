"use client";
// Signed-in user, role and sign-out, in the header.
import { useState } from "react";
import { apiPost } from "@/lib/client-fetch";
import { apiPaths } from "@/lib/dto/api-paths";
import { useSession } from "./session-context";

export function UserMenu() {
  const { mode, actor } = useSession();
  const [busy, setBusy] = useState(false);
  if (!actor || mode === "none") return null;
  const signOut = async () => {
    setBusy(true);
    await apiPost(apiPaths.logout());
    window.location.assign("/login");
  };
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="user-menu">
      <span className="max-w-40 truncate" title={actor.user}>
        {actor.user}
      </span>
      <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
        {actor.role}
      </span>
      {mode === "password" ? (
        <button
          type="button"
          onClick={signOut}
          disabled={busy}
          className="rounded px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          Sign out
        </button>
      ) : null}
    </div>
  );
}
