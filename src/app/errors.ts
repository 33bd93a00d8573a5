/**
 * The app's one error type: a closed set of codes, a message for the log, and the cause. The message
 * handler is the only place that catches it (src/app/create-app.ts).
 */
export const APP_ERROR_CODES = [
  /** The repository or conversation store failed (database down, query error). */
  'store_failed',
  /** The conversation was saved by another process in between (compare-and-swap lost). */
  'conflict',
  /** An export failed unexpectedly. */
  'export_failed',
  /** The step function kept producing effects (a bug): stopped rather than looping. */
  'step_loop',
  /** Anything else: a bug. */
  'internal',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Any thrown value as an AppError (an AppError stays as it is). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError('internal', e instanceof Error ? e.message : String(e), e);
}

/** The cause as a log line: name and message only (never request bodies, tokens or connection strings). */
export function describeCause(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  if (cause instanceof Error) {
    const message = cause.message
      .replace(/(postgres(?:ql)?:\/\/)[^@\s]+@/gi, '$1***@')
      .replace(/(bearer\s+|sk-)[\w-]+/gi, '$1***');
    return `${cause.name}: ${message}`;
  }
  return typeof cause === 'string' ? cause : JSON.stringify(cause)?.slice(0, 200);
}
