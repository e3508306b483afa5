package dev.otpgateway.providers.rbm.simulated;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What RBM accepts as the body of phones.agentMessages.create, for the simulator: an {@code
 * AgentMessage} (reference phones.agentMessages, and the generated models {@code AgentMessage} and
 * {@code AgentContentMessage} in rbm-api-examples java/rcs-business-messaging). Google's JSON front
 * end refuses members it does not know, so these rules do too.
 */
final class RbmAgentMessageRules {
  /** "The maximum size of the entire stringified AgentMessage is 250 KB." ("Send messages") */
  static final int MAX_BYTES = 250 * 1024;

  /** "Text encoded in UTF-8. Maximum 3072 characters." ({@code AgentContentMessage.text}) */
  static final int MAX_TEXT = 3072;

  // name and sendTime are output only ("Do not include it when creating"): Google ignores them.
  private static final Set<String> MESSAGE_FIELDS =
      Set.of(
          "name",
          "sendTime",
          "contentMessage",
          "messageTrafficType",
          "richMessageClassification",
          "expireTime",
          "ttl");
  private static final List<String> CONTENT_KINDS =
      List.of("text", "fileName", "uploadedRbmFile", "richCard", "contentInfo");
  private static final Set<String> CONTENT_FIELDS =
      Set.of("text", "fileName", "uploadedRbmFile", "richCard", "contentInfo", "suggestions");
  // protobuf Duration in JSON: seconds with up to nine fractional digits and a trailing "s".
  private static final Pattern DURATION = Pattern.compile("-?\\d+(\\.\\d{1,9})?s");

  /**
   * The latest a message may expire: "The maximum value for ttl and expireTime is 15 days after
   * message submission" ("Send messages", Set message expiration). RBM's own figure, not the
   * adapter's: a wrong limit in the adapter must meet this one and fail.
   */
  static final Duration MAX_EXPIRY = Duration.ofDays(15);

  private RbmAgentMessageRules() {}

  /**
   * An accepted message: what the handset shows, and when RBM revokes it unless delivered.
   *
   * @param expiresAt from {@code ttl} or {@code expireTime}; null when neither was given (RBM then
   *     keeps trying for 30 days)
   */
  record Valid(String text, Instant expiresAt, JsonObject stored) {}

  /** The valid message, or throws the error RBM answers. */
  static Valid check(Buffer body, Instant now) {
    if (body == null || body.length() == 0) {
      throw invalid("Invalid JSON payload received. Expected an AgentMessage.");
    }
    if (body.length() > MAX_BYTES) {
      throw invalid("The AgentMessage exceeds the maximum size of 250 KB.");
    }
    JsonObject message;
    try {
      if (!(body.toJsonValue() instanceof JsonObject object)) {
        throw invalid("Invalid JSON payload received. Expected an object.");
      }
      message = object;
    } catch (DecodeException e) {
      throw invalid("Invalid JSON payload received.");
    }
    refuseUnknown(message, MESSAGE_FIELDS, "agent_message");
    if (!(message.getValue("contentMessage") instanceof JsonObject content)) {
      throw invalid("Missing required field: content_message.");
    }
    refuseUnknown(content, CONTENT_FIELDS, "agent_message.content_message");
    long kinds = CONTENT_KINDS.stream().filter(content::containsKey).count();
    if (kinds != 1) {
      throw invalid(
          "content_message must set exactly one of text, file_name, uploaded_rbm_file, "
              + "rich_card, content_info.");
    }
    String text = "";
    if (content.containsKey("text")) {
      if (!(content.getValue("text") instanceof String t) || t.isEmpty()) {
        throw invalid("Invalid value at 'agent_message.content_message.text'.");
      }
      if (t.codePointCount(0, t.length()) > MAX_TEXT) {
        throw invalid("content_message.text exceeds the maximum of 3072 characters.");
      }
      text = t;
    }
    if (message.getValue("messageTrafficType") != null
        && !(message.getValue("messageTrafficType") instanceof String)) {
      throw invalid("Invalid value at 'agent_message.message_traffic_type'.");
    }
    return new Valid(text, expiry(message, now), message);
  }

  private static Instant expiry(JsonObject message, Instant now) {
    boolean hasTtl = message.containsKey("ttl");
    boolean hasExpireTime = message.containsKey("expireTime");
    if (hasTtl && hasExpireTime) {
      // One oneof: "At most one of the fields will be set."
      throw invalid("Only one of expire_time and ttl may be set.");
    }
    if (hasTtl) {
      if (!(message.getValue("ttl") instanceof String ttl) || !DURATION.matcher(ttl).matches()) {
        throw invalid("Invalid value at 'agent_message.ttl' (google.protobuf.Duration).");
      }
      BigDecimal seconds = new BigDecimal(ttl.substring(0, ttl.length() - 1));
      if (seconds.signum() <= 0
          || seconds.compareTo(BigDecimal.valueOf(MAX_EXPIRY.toSeconds())) > 0) {
        throw invalid("agent_message.ttl must be positive and at most 15 days.");
      }
      long whole = seconds.longValue();
      long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
      return now.plus(Duration.ofSeconds(whole, nanos));
    }
    if (hasExpireTime) {
      try {
        if (message.getValue("expireTime") instanceof String time) {
          Instant expires = OffsetDateTime.parse(time).toInstant();
          if (expires.isAfter(now.plus(MAX_EXPIRY))) {
            throw invalid("agent_message.expire_time must be at most 15 days after submission.");
          }
          return expires;
        }
      } catch (DateTimeParseException e) {
        // Reported below.
      }
      throw invalid("Invalid value at 'agent_message.expire_time' (google.protobuf.Timestamp).");
    }
    return null;
  }

  private static void refuseUnknown(JsonObject object, Set<String> known, String at) {
    for (String field : object.fieldNames()) {
      if (!known.contains(field)) {
        throw invalid(
            "Invalid JSON payload received. Unknown name \""
                + field
                + "\" at '"
                + at
                + "': Cannot find field.");
      }
    }
  }

  private static Refused invalid(String message) {
    return new Refused(new GoogleError(400, message));
  }

  /** A request RBM refuses, with the error it answers. */
  static final class Refused extends RuntimeException {
    private final GoogleError error;

    Refused(GoogleError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }

    GoogleError error() {
      return error;
    }
  }
}
