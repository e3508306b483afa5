package dev.otpgateway.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.otpgateway.errors.GatewayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads exactly one JSON value from a request body, and says what is wrong with one that is not, in
 * words and with its line and column: never the parser's own text, which names its internals.
 */
final class JsonSyntax {
  /** Deeper than any request the API defines; far below what would cost real work to refuse. */
  static final int MAX_DEPTH = 32;

  private static final ObjectReader READER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .reader()
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']{1,64})'");
  private static final Pattern QUOTED_NAME = Pattern.compile("[\\x20-\\x7e]{1,64}");

  private JsonSyntax() {}

  /** The one value in {@code body}; a 400 naming where it breaks when it is not just one. */
  static JsonNode readOne(byte[] body) {
    requireUtf8(body);
    try (JsonParser parser = READER.createParser(body)) {
      JsonNode node;
      try {
        node = READER.readTree(parser);
      } catch (JsonProcessingException e) {
        throw invalid(inWords(e), e.getLocation());
      }
      JsonLocation after = parser.currentLocation();
      try {
        if (parser.nextToken() == null) {
          return node;
        }
      } catch (JsonProcessingException e) {
        // Whatever follows is not JSON either; the point is that something follows.
      }
      throw invalid("more follows the first JSON value; a body holds exactly one", after);
    } catch (IOException e) {
      throw invalid("it could not be read", null);
    }
  }

  private static void requireUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
    } catch (CharacterCodingException e) {
      throw GatewayException.invalid("the body is not valid JSON: it is not UTF-8 text", Map.of());
    }
  }

  private static String inWords(JsonProcessingException e) {
    String raw = String.valueOf(e.getOriginalMessage());
    if (e instanceof JsonEOFException) {
      return "it ends before the JSON value is complete";
    }
    if (e instanceof StreamConstraintsException) {
      return "it is nested more than " + MAX_DEPTH + " levels deep";
    }
    Matcher duplicate = DUPLICATE.matcher(raw);
    if (duplicate.find() && QUOTED_NAME.matcher(duplicate.group(1)).matches()) {
      return "it names the member \"" + duplicate.group(1) + "\" twice";
    }
    if (raw.startsWith("Illegal unquoted character")) {
      return "a string holds a control character that must be escaped";
    }
    if (raw.contains("numeric value") || raw.contains("Numeric value")) {
      return "a number is malformed";
    }
    if (raw.startsWith("Unexpected end-of-input")) {
      return "it ends before the JSON value is complete";
    }
    return "unexpected text";
  }

  private static GatewayException invalid(String what, JsonLocation where) {
    String at =
        where == null || where.getLineNr() < 1
            ? ""
            : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    return GatewayException.invalid("the body is not valid JSON: " + what + at, Map.of());
  }
}
