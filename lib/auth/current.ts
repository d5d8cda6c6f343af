// The caller's identity for server components and the session endpoint (same rules as authorize).
import "server-only";
import { getConfig } from "@/lib/config";
import type { SessionInfo } from "@/lib/dto/auth";
import { AppError } from "@/lib/core/errors";
import { identify } from "./identify";

export async function sessionInfo(headers: Headers): Promise<SessionInfo> {
  const config = getConfig().auth;
  try {
    const { actor } = await identify(headers, config);
    return {
      mode: config.mode,
      actor: actor ? { user: actor.user, role: actor.role, via: actor.via } : null,
    };
  } catch (error) {
    if (error instanceof AppError) return { mode: config.mode, actor: null };
    throw error;
  }
}
