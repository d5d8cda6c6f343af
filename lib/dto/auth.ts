// Browser-safe shapes for sign-in and the current identity.
import { z } from "zod";
import type { Actor } from "@/lib/core/actor";

export const signInBody = z.object({
  user: z.string().min(1, "user name is required").max(64, "user name is at most 64 characters"),
  password: z.string().min(1, "password is required").max(1024, "password is at most 1024 characters"),
});
export type SignInBody = z.infer<typeof signInBody>;

/** Who the browser is signed in as; `actor` null means not signed in. */
export type SessionInfo = {
  mode: "none" | "password" | "proxy";
  actor: Omit<Actor, "address"> | null;
};

/** The custom header every mutation from Switchyard's pages carries (CSRF defence). */
export const CSRF_HEADER = "x-switchyard-csrf";
