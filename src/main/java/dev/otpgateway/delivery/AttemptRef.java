package dev.otpgateway.delivery;

/**
 * The reference {@code <verification id>.<attempt>} an attempt is sent with: providers echo it in
 * receipts, and delivery timers are named by it. Built and read only here.
 */
public record AttemptRef(String verificationId, int number) {

  /** The reference as providers see it. */
  @Override
  public String toString() {
    return verificationId + "." + number;
  }

  /** Reads a reference; null when it is not one of ours. */
  public static AttemptRef parse(String reference) {
    if (reference == null) {
      return null;
    }
    int dot = reference.lastIndexOf('.');
    if (dot <= 0 || !reference.startsWith("ver_")) {
      return null;
    }
    try {
      int number = Integer.parseInt(reference.substring(dot + 1));
      return number > 0 ? new AttemptRef(reference.substring(0, dot), number) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
