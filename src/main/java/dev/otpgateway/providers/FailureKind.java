package dev.otpgateway.providers;

/** What a failure says about whether the message went out, and so whether to fail over. */
public enum FailureKind {
  /** It did not go out (5xx, 429, connection refused, timeout before the request was written). */
  RETRYABLE,
  /** It never will, through any provider (invalid number, unsubscribed, bad request). */
  PERMANENT,
  /** It may have gone out (timeout after the request was written): look it up before resending. */
  AMBIGUOUS
}
