package dev.otpgateway.delivery;

import java.util.List;

/** Every try one send made, in order; the last is the accepted one when any was. */
public record SendOutcome(List<AttemptResult> attempts) {
  public SendOutcome {
    attempts = List.copyOf(attempts);
  }

  public boolean accepted() {
    return !attempts.isEmpty() && attempts.get(attempts.size() - 1).accepted();
  }

  /** The accepted try; only when {@link #accepted()}. */
  public AttemptResult acceptedAttempt() {
    return attempts.get(attempts.size() - 1);
  }
}
