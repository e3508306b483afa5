package dev.otpgateway.verification;

import dev.otpgateway.otp.CodeGenerator;
import dev.otpgateway.otp.CodeHasher;
import dev.otpgateway.otp.CodeSealer;

/**
 * A verification's code: drawn, kept only as its HMAC (to check) and sealed (to send again), and
 * opened for a resend or failover. Never stored or logged in clear.
 */
public final class Codes {
  private final CodeGenerator generator = new CodeGenerator();
  private final CodeHasher hasher;
  private final CodeSealer sealer;

  public Codes(CodeHasher hasher, CodeSealer sealer) {
    this.hasher = hasher;
    this.sealer = sealer;
  }

  /** A new code for a verification, with the two forms it is kept in. */
  record Issued(String code, byte[] hash, byte[] sealed) {}

  Issued issue(String verificationId, int digits, String binding) {
    String code = generator.next(digits);
    return new Issued(
        code, hasher.hash(verificationId, code, binding), sealer.seal(verificationId, code));
  }

  /** The HMAC a candidate code is compared by. */
  byte[] hash(String verificationId, String code, String binding) {
    return hasher.hash(verificationId, code, binding);
  }

  /** The live code of a verification, for a resend or failover. */
  String open(Verification v) {
    return sealer.open(v.id(), v.sealedCode());
  }
}
