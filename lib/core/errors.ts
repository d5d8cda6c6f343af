// Typed application errors and the one table mapping their codes to HTTP statuses.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  unknown_environment: 404,
  stream_not_found: 404,
  consumer_not_found: 404,
  tool_not_found: 404,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  invalid_input: 422,
  rate_limited: 429,
  nats_unavailable: 503,
  jetstream_error: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Marks AppErrors across bundles: Next builds instrumentation and routes as separate module graphs, so an
 * AppError thrown by a boot-time service (the redrive job store) is another class than the route's AppError. */
const APP_ERROR = Symbol.for("switchyard.AppError");

export class AppError extends Error {
  readonly [APP_ERROR] = true;

  /** `instanceof AppError` holds for an AppError of any copy of this module (see APP_ERROR). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[APP_ERROR] === true
    );
  }

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode | "internal"; message: string } };
