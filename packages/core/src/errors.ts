/** Base of every error the SDK throws on purpose: a readable `name` and a stable string `code`. */
export class GradataError extends Error {
  override readonly name: string = 'GradataError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Codes of `GradataValidationError` (SPEC §5.1). */
export type ValidationCode = 'EMPTY' | 'IDENTICAL' | 'TOO_LARGE' | 'BAD_SESSION' | 'BAD_OPTION';

/** Bad input from the caller; nothing was written. */
export class GradataValidationError extends GradataError {
  override readonly name = 'GradataValidationError';
  declare readonly code: ValidationCode;
  constructor(code: ValidationCode, message: string) {
    super(code, message);
  }
}

/** The brain's folder or database cannot be used (unwritable, full disk, corrupt file). */
export class GradataStorageError extends GradataError {
  override readonly name = 'GradataStorageError';
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A call on a Brain (or SyncWorker) after `close()`. */
export class GradataClosedError extends GradataError {
  override readonly name = 'GradataClosedError';
  constructor(what = 'brain') {
    super('CLOSED', `the ${what} is closed`);
  }
}
