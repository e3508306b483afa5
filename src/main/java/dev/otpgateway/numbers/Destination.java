package dev.otpgateway.numbers;

/** A number that passed validation: its E.164 form and its ISO 3166 country. */
public record Destination(String e164, String country) {
  /** Hides the last four digits, for responses, logs and the ledger: +1202555****. */
  public String masked() {
    return mask(e164);
  }

  public static String mask(String e164) {
    int keep = Math.max(2, e164.length() - 4);
    return e164.substring(0, keep) + "*".repeat(e164.length() - keep);
  }
}
