// What each role may do, and the role a proxy user's groups map to.
import type { Permission, Role } from "./actor";

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };
const NEEDS: Record<Exclude<Permission, "public">, number> = { read: 1, operate: 2, admin: 3 };

export function roleAllows(role: Role, permission: Permission): boolean {
  return permission === "public" || RANK[role] >= NEEDS[permission];
}

/** The highest role any of the groups grants, else the default role (or none). */
export function roleFromGroups(
  groups: string[],
  mapping: Record<Role, string[]>,
  defaultRole?: Role,
): Role | undefined {
  const set = new Set(groups.map((g) => g.trim()).filter(Boolean));
  for (const role of ["admin", "operator", "viewer"] as const)
    if (mapping[role].some((g) => set.has(g))) return role;
  return defaultRole;
}
