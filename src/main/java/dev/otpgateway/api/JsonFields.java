package dev.otpgateway.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a JSON request body strictly: every member is checked for type and range, unknown members
 * are refused, and every problem is collected, so one 400 names them all.
 */
final class JsonFields {
  private static final ObjectReader READER =
      Json.MAPPER.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final JsonNode node;
  private final String prefix;
  private final Map<String, String> errors;
  private final Set<String> read = new HashSet<>();
  private final List<JsonFields> children = new ArrayList<>();

  private JsonFields(JsonNode node, String prefix, Map<String, String> errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** Parses a body that must be one JSON object. */
  static JsonFields parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw GatewayException.invalid("the body must be a JSON object", Map.of());
    }
    JsonNode node;
    try {
      node = READER.readTree(body.getBytes());
    } catch (JsonParseException e) {
      throw GatewayException.invalid(
          "the body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + e.getOriginalMessage(),
          Map.of());
    } catch (IOException e) {
      throw GatewayException.invalid("the body is not valid JSON: " + e.getMessage(), Map.of());
    }
    if (node == null || !node.isObject()) {
      throw GatewayException.invalid("the body must be a JSON object", Map.of());
    }
    return new JsonFields(node, "", new LinkedHashMap<>());
  }

  /** Reads an already parsed object (a tenant in the config file). */
  static JsonFields of(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw GatewayException.invalid("must be an object", Map.of());
    }
    return new JsonFields(node, "", new LinkedHashMap<>());
  }

  /** The parsed body, for hashing it canonically. */
  JsonNode tree() {
    return node;
  }

  boolean has(String name) {
    return node.has(name);
  }

  String text(
      String name, boolean required, int maxLength, Pattern pattern, String patternMeaning) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      if (required) {
        error(name, "is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      error(name, "must be a string");
      return null;
    }
    String text = value.asText();
    if (text.isEmpty() || text.length() > maxLength) {
      error(name, "must be 1 to " + maxLength + " characters long");
      return null;
    }
    if (pattern != null && !pattern.matcher(text).matches()) {
      error(name, "must be " + patternMeaning);
      return null;
    }
    if (text.chars().anyMatch(Character::isISOControl) && pattern == null) {
      error(name, "must not contain control characters");
      return null;
    }
    return text;
  }

  String oneOf(String name, List<String> allowed, String defaultValue) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isTextual() || !allowed.contains(value.asText())) {
      error(name, "must be one of " + String.join(", ", allowed));
      return defaultValue;
    }
    return value.asText();
  }

  Integer integer(String name, int min, int max, Integer defaultValue) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isIntegralNumber()
        || !value.canConvertToInt()
        || value.asInt() < min
        || value.asInt() > max) {
      error(name, "must be a whole number from " + min + " to " + max);
      return defaultValue;
    }
    return value.asInt();
  }

  boolean bool(String name, boolean defaultValue) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.isBoolean()) {
      error(name, "must be true or false");
      return defaultValue;
    }
    return value.asBoolean();
  }

  /** A nested object's reader, or null when the member is absent or null. */
  JsonFields object(String name) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      error(name, "must be an object");
      return null;
    }
    JsonFields child = new JsonFields(value, path(name) + ".", errors);
    children.add(child);
    return child;
  }

  /** A list of strings each matching the pattern; null when absent. */
  List<String> textList(String name, int maxItems, Pattern item, String itemMeaning) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray() || value.isEmpty() || value.size() > maxItems) {
      error(name, "must be a list of 1 to " + maxItems + " items");
      return null;
    }
    List<String> items = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual() || !item.matcher(element.asText()).matches()) {
        error(name, "must hold only " + itemMeaning);
        return null;
      }
      if (!items.contains(element.asText())) {
        items.add(element.asText());
      }
    }
    return items;
  }

  /** A list of 1 to {@code maxItems} JSON numbers, read exactly; null when absent. */
  List<java.math.BigDecimal> decimals(String name, int maxItems) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray() || value.isEmpty() || value.size() > maxItems) {
      error(name, "must be a list of 1 to " + maxItems + " numbers");
      return null;
    }
    List<java.math.BigDecimal> items = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isNumber()) {
        error(name, "must hold only numbers");
        return null;
      }
      items.add(element.decimalValue());
    }
    return items;
  }

  /** An object of string members; null when absent. */
  Map<String, String> textMap(String name, Pattern key, String keyMeaning, int maxValueLength) {
    JsonNode value = member(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      error(name, "must be an object");
      return null;
    }
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!key.matcher(f.getKey()).matches()) {
        error(name + "." + f.getKey(), "is not " + keyMeaning);
      } else if (!f.getValue().isTextual() || f.getValue().asText().length() > maxValueLength) {
        error(
            name + "." + f.getKey(),
            "must be a string of at most " + maxValueLength + " characters");
      } else {
        map.put(f.getKey(), f.getValue().asText());
      }
    }
    return map;
  }

  /** Whether the member is present with an explicit JSON null (merge patch: remove it). */
  boolean isExplicitNull(String name) {
    read.add(name);
    return node.has(name) && node.get(name).isNull();
  }

  void error(String name, String message) {
    errors.putIfAbsent(path(name), message);
  }

  /** Refuses unknown members, then throws one 400 naming every problem found. */
  void finish() {
    collectUnknown();
    if (!errors.isEmpty()) {
      throw GatewayException.invalid("the request has invalid fields", errors);
    }
  }

  private void collectUnknown() {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        errors.putIfAbsent(path(name), "is not a known field");
      }
    }
    children.forEach(JsonFields::collectUnknown);
  }

  private JsonNode member(String name) {
    read.add(name);
    return node.get(name);
  }

  private String path(String name) {
    return prefix + name;
  }
}
