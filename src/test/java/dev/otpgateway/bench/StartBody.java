package dev.otpgateway.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code POST /v1/verifications}, {@code {"to":"+1AAA555XXXX","push":{"status":
 * "disabled"}}}, made by copying a template and writing ten digits into it: no JSON library and no
 * string formatting per request, so the driver's own CPU goes to sending.
 */
final class StartBody {
  private static final String PREFIX = "{\"to\":\"+1";
  private static final String SUFFIX = "\",\"push\":{\"status\":\"disabled\"}}";
  private static final int DIGITS = 10;
  private static final byte[] TEMPLATE =
      (PREFIX + "0".repeat(DIGITS) + SUFFIX).getBytes(StandardCharsets.US_ASCII);

  private StartBody() {}

  /** The body for a US number given by its ten national digits. */
  static Buffer of(long nationalNumber) {
    byte[] body = TEMPLATE.clone();
    long rest = nationalNumber;
    for (int i = PREFIX.length() + DIGITS - 1; i >= PREFIX.length(); i--) {
      body[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return Buffer.buffer(body);
  }
}
