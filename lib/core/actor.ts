// Who is making a request: the identity every audit record and permission check uses.
import { z } from "zod";

export const roleSchema = z.enum(["viewer", "operator", "admin"]);
export type Role = z.infer<typeof roleSchema>;

/**
 * What a route needs: read data, operate (redrive, discard, cancel), or administer; `public` only for sign-in
 * itself.
 */
export type Permission = "read" | "operate" | "admin" | "public";

/** How an identity was established. */
export type IdentityVia = "none" | "session" | "token" | "proxy";

export type Actor = {
  user: string;
  role: Role;
  /** Client address as seen by the server (or the trusted proxy's forwarded address). */
  address: string | null;
  via: IdentityVia;
};
