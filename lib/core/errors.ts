// Typed application errors and the one table mapping their codes to HTTP statuses.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  unknown_environment: 404,
  stream_not_found: 404,
  consumer_not_found: 404,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  invalid_input: 422,
  rate_limited: 429,
  nats_unavailable: 503,
  jetstream_error: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
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
