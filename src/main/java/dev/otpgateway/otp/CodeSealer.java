package dev.otpgateway.otp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a code with AES-256-GCM so that a resend, or a failover to the next provider, can send the
 * same code again, possibly from another node. The check path never opens it: checks compare HMACs.
 * The sealing key lives only in configuration, never in the shared state, so a dump of the state
 * reveals no code. The verification id is the associated data, so a sealed code cannot be moved to
 * another verification.
 */
public final class CodeSealer {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(SecureRandom::new);

  /**
   * A cipher per thread, initialised afresh (a new nonce) for every seal and open, and left ready
   * by a failed open for the next init: a new one each time, looked up through the providers and
   * with the key's schedule made again, took 2.0 µs a seal and 5.8 KB; reused, 0.4 µs and 1.4 KB
   * (CodeSealerBenchmark, docs/benchmarks.md).
   */
  private static final ThreadLocal<Cipher> CIPHER =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is not available", e);
            }
          });

  private final SecretKeySpec key;

  public CodeSealer(OtpKeys keys) {
    this.key = new SecretKeySpec(keys.sealingKey(), "AES");
  }

  public byte[] seal(String verificationId, String code) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.get().nextBytes(nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(verificationId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(code.getBytes(StandardCharsets.US_ASCII));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal a code", e);
    }
  }

  /**
   * @throws IllegalStateException when the sealed bytes were made under another key or altered
   */
  public String open(String verificationId, byte[] sealed) {
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(verificationId.getBytes(StandardCharsets.UTF_8));
      byte[] code = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(code, StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "a sealed code could not be opened: another server secret sealed it, or it was altered",
          e);
    }
  }
}
