package dev.otpgateway.otp;

/**
 * The payment a code approves (PSD2 dynamic linking): the message names it and the check must
 * repeat it.
 */
public record Transaction(String amount, String currency, String payee)
    implements java.io.Serializable {
  /** One stable text for the HMAC binding; a unit separator keeps fields from running together. */
  public String canonical() {
    return amount + '\u001f' + currency + '\u001f' + payee;
  }
}
