package dev.otpgateway.providers.messagebird;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.OutboundMessage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * The JSON of MessageBird's send call, written and read without building a tree: this is the path
 * every message takes, so it allocates no maps and reads only the two fields it needs.
 *
 * <p>Request fields from developers.messagebird.com/api/sms-messaging ("Send outbound SMS") and
 * messagebird/go-rest-api {@code sms/message.go} ({@code messageRequest}); the response shape from
 * go-rest-api {@code sms/testdata/messageObject.json}.
 */
final class MessageBirdJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MessageBirdJson() {}

  /**
   * The body of {@code POST /messages}. Recipients go as MSISDN strings without the {@code +}, as
   * MessageBird's Go SDK sends them and its responses echo them; strings rather than JSON numbers
   * so no parser on the way rounds a 15-digit number.
   */
  static Buffer sendRequest(OutboundMessage message) {
    StringBuilder json = new StringBuilder(192 + message.body().length());
    json.append("{\"recipients\":[");
    string(json, msisdn(message.to()));
    json.append("],\"originator\":");
    string(json, message.sender());
    json.append(",\"body\":");
    string(json, message.body());
    // MessageBird sends status reports only for messages with a reference, and echoes it in them.
    json.append(",\"reference\":");
    string(json, message.reference());
    if (message.callbackUrl() != null) {
      json.append(",\"reportUrl\":");
      string(json, message.callbackUrl());
    }
    json.append(",\"validity\":").append(validitySeconds(message)).append('}');
    return Buffer.buffer(json.toString());
  }

  /** MessageBird's MSISDN form of an E.164 number: the digits, without the {@code +}. */
  static String msisdn(String e164) {
    return e164.startsWith("+") ? e164.substring(1) : e164;
  }

  static long validitySeconds(OutboundMessage message) {
    // MessageBird takes whole seconds, at least one.
    return Math.max(1, message.validity().toSeconds());
  }

  /**
   * Reads the message id and part count from the 201 answer to {@code POST /messages}.
   *
   * @return null when the body holds no message id
   */
  static Accepted readAccepted(Buffer body) {
    try (JsonParser parser = FACTORY.createParser(body.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String id = null;
      int parts = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
          id = parser.getText();
        } else if ("recipients".equals(field) && value == JsonToken.START_OBJECT) {
          parts = readPartCount(parser);
        } else {
          parser.skipChildren();
        }
      }
      return id == null || id.isEmpty() ? null : new Accepted(id, parts);
    } catch (IOException e) {
      return null;
    }
  }

  /** Inside {@code recipients}: the first item's {@code messagePartCount}, or 0. */
  private static int readPartCount(JsonParser parser) throws IOException {
    int parts = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("items".equals(field) && value == JsonToken.START_ARRAY) {
        while (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String itemField = parser.currentName();
            JsonToken itemValue = parser.nextToken();
            if (parts == 0
                && "messagePartCount".equals(itemField)
                && itemValue == JsonToken.VALUE_NUMBER_INT) {
              parts = parser.getIntValue();
            } else {
              parser.skipChildren();
            }
          }
        }
      } else {
        parser.skipChildren();
      }
    }
    return parts;
  }

  /** Appends a JSON string literal (RFC 8259 escaping). */
  static void string(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
