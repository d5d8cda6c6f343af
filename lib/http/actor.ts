// Who is making a request: the identity every audit record and permission check uses.
export type Role = "viewer" | "operator" | "admin";

/** What a route needs: read data, operate (redrive, discard, cancel), or administer; `public` only for sign-in itself. */
export type Permission = "read" | "operate" | "admin" | "public";

export type Actor = {
  user: string;
  role: Role;
  /** Client address as seen by the server (or the trusted proxy's forwarded address). */
  address: string | null;
  /** How the identity was established. */
  via: "none" | "session" | "token" | "proxy";
};
