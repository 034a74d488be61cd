/** Stable error codes a client can rely on, with the HTTP status each answers as. */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_REJECTED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** 上报至上级 refused: obligations of the region neither approved at its level nor excused (named one by one). */
  PASS_UP_INCOMPLETE: 409,
  /** 代为审核 refused: the region's deadline has not passed and it has an administrator who can act. */
  TAKEOVER_NOT_ALLOWED: 409,
  /** 导出上报包 refused: the pass-up was re-opened or returned since (or predates the kept 汇总表). */
  PASS_UP_NOT_CURRENT: 409,
  /** 导入上报包 refused: this instance already holds a newer pass-up of the region and period. */
  PASS_UP_PACKAGE_OUTDATED: 409,
  // Refusals of the filing workflow (see filing/filing-transitions.ts): the status a plain CONFLICT had, with a
  // code that says which rule refused, so a client need not read the message or sniff a field name.
  FILING_VERSION_CONFLICT: 409,
  FILING_LOCKED: 409,
  FILING_NOT_STARTED: 409,
  FILING_ALREADY_SUBMITTED: 409,
  FILING_NOT_SUBMITTED: 409,
  FILING_NOT_LOCKED: 409,
  FILING_REVIEW_STARTED: 409,
  REVIEW_OUT_OF_TURN: 409,
  REVIEW_LEVEL_NOT_BELOW: 409,
  REVIEW_CHAIN_MISSING: 409,
  /** 审核通过 needs a verdict on every serious warning's 审核说明: accepted, or the filing is returned. */
  REVIEW_EXPLANATION_UNDECIDED: 409,
  /** A directory import preview that expired or was applied already: preview the file again. */
  DIRECTORY_PREVIEW_EXPIRED: 409,
  /** The directory changed since the import was previewed: the preview no longer says what would happen. */
  DIRECTORY_CHANGED: 409,
  /** The filing window (or the enterprise's extension) is not open: as forbidden as before it had a code. */
  FILING_WINDOW_CLOSED: 403,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  SMS_UNAVAILABLE: 503,
  /** The identity platform (政务服务平台) cannot be reached for a sign-in through it. */
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
  /** Too much heavy work (workbook parsing) under way; try again shortly. */
  SERVER_BUSY: 503,
  /** A PDF cannot be made on this server (no font with Chinese glyphs). */
  PRINT_UNAVAILABLE: 503,
  /** Pass-up packages cannot be signed here (no EXCHANGE_SIGNING_KEY configured). */
  EXCHANGE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface InvalidParam {
  /** The field or cell, as a path the client can show next to it (e.g. `username`, `business.A61`). */
  name: string;
  reason: string;
}

/** The one error type of the server: a stable code, a message a user can act on, optional per-field details. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly invalidParams?: InvalidParam[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** "Not found" and "not yours" answer the same, so identifiers reveal nothing. */
export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what}不存在或无权访问`);
}
