package dev.otpgateway.providers.rbm;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The one-off call RBM makes when a webhook is configured: {@code {"clientToken": "...", "secret":
 * "..."}}, unsigned, to be answered {@code 200 OK} with the secret as a plain-text body when the
 * token is ours (webhook guide, "Configure an agent webhook", step 7). It is not a receipt, so the
 * gateway's {@code /webhooks/rbm} route asks this class first.
 */
public final class RbmWebhookHandshake {
  private final byte[] clientToken;

  public RbmWebhookHandshake(String clientToken) {
    this.clientToken = clientToken.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @return the secret to echo when the body is a handshake carrying our token; empty when it is
   *     anything else (an event, or a handshake for another token, which must answer 4xx)
   */
  public Optional<String> secretToEcho(byte[] body) {
    JsonObject json;
    try {
      if (!(Buffer.buffer(body).toJsonValue() instanceof JsonObject object)) {
        return Optional.empty();
      }
      json = object;
    } catch (DecodeException notJson) {
      return Optional.empty();
    }
    if (!(json.getValue("clientToken") instanceof String token)
        || !(json.getValue("secret") instanceof String secret)) {
      return Optional.empty();
    }
    boolean ours = MessageDigest.isEqual(clientToken, token.getBytes(StandardCharsets.UTF_8));
    return ours ? Optional.of(secret) : Optional.empty();
  }

  /** Whether the body has the handshake's shape, whatever its token. */
  public static boolean isHandshake(byte[] body) {
    try {
      return Buffer.buffer(body).toJsonValue() instanceof JsonObject json
          && json.containsKey("clientToken")
          && json.containsKey("secret");
    } catch (DecodeException notJson) {
      return false;
    }
  }
}
