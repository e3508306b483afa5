package dev.otpgateway.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.otpgateway.app.ConfigKey.ConfigType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the one YAML file named by {@code OTPGW_CONFIG} (optional), lets an environment variable
 * override every key, and converts each value strictly. The first bad key stops start-up with the
 * file, the key, the value and what was expected.
 */
public final class ConfigLoader {
  public static final String CONFIG_ENV = "OTPGW_CONFIG";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {}

  public static GatewayConfig load(Map<String, String> env) {
    String file = env.get(CONFIG_ENV);
    Map<String, JsonNode> fromFile = Map.of();
    Map<String, Integer> lines = Map.of();
    if (file != null && !file.isBlank()) {
      Path path = Path.of(file);
      String text = readFile(path);
      lines = keyLines(text, file);
      fromFile = flatten(parse(text, file), file, lines);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey key : ConfigSchema.KEYS) {
      String envValue = env.get(key.envName());
      ConfigKey.Raw raw;
      if (envValue != null) {
        raw = new ConfigKey.Raw(envValue, null, "environment variable " + key.envName());
      } else if (fromFile.containsKey(key.path())) {
        JsonNode node = fromFile.get(key.path());
        Integer line = lines.get(key.path());
        String where = file + (line == null ? "" : ":" + line);
        raw = new ConfigKey.Raw(node.isValueNode() ? node.asText() : null, node, where);
      } else {
        raw = new ConfigKey.Raw(key.defaultValue(), null, "default");
      }
      values.put(key.path(), ConfigValues.convert(key, raw));
    }
    return GatewayConfig.from(new Settings(values));
  }

  private static String readFile(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new ConfigException(
          "config file "
              + path
              + " (from "
              + CONFIG_ENV
              + ") cannot be read: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private static JsonNode parse(String text, String file) {
    try {
      JsonNode root = YAML.readTree(text);
      if (root == null || root.isMissingNode() || root.isNull()) {
        return YAML.createObjectNode();
      }
      if (!root.isObject()) {
        throw new ConfigException(
            "config file " + file + ": the top level must be a mapping of keys");
      }
      return root;
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
    }
  }

  /** Flattens nested mappings into dotted paths; a list or a scalar ends a path. */
  private static Map<String, JsonNode> flatten(
      JsonNode root, String file, Map<String, Integer> lines) {
    Map<String, JsonNode> out = new HashMap<>();
    flatten("", root, out, file, lines);
    return out;
  }

  private static void flatten(
      String prefix,
      JsonNode node,
      Map<String, JsonNode> out,
      String file,
      Map<String, Integer> lines) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      if (ConfigSchema.BY_PATH.containsKey(path)) {
        out.put(path, field.getValue() == null ? MissingNode.getInstance() : field.getValue());
      } else if (field.getValue().isObject() && isPrefixOfKey(path)) {
        flatten(path, field.getValue(), out, file, lines);
      } else {
        Integer line = lines.get(path);
        throw new ConfigException(
            "config file "
                + file
                + (line == null ? "" : ":" + line)
                + ": unknown key "
                + path
                + suggestion(path));
      }
    }
  }

  private static boolean isPrefixOfKey(String path) {
    return ConfigSchema.BY_PATH.keySet().stream().anyMatch(k -> k.startsWith(path + "."));
  }

  private static String suggestion(String path) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : ConfigSchema.BY_PATH.keySet()) {
      int d = editDistance(path, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return bestDistance <= 3 ? " (did you mean " + best + "?)" : "; the README lists every key";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The line of each key path, for messages that point into the file. */
  private static Map<String, Integer> keyLines(String text, String file) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.getFactory().createParser(text)) {
      Deque<String> containers = new ArrayDeque<>();
      String lastName = "";
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME -> {
            lastName = parser.currentName();
            lines.putIfAbsent(
                join(containers.peekLast(), lastName), parser.currentTokenLocation().getLineNr());
          }
          case START_OBJECT, START_ARRAY -> {
            if (containers.isEmpty()) {
              containers.addLast("");
            } else {
              boolean inArray = parser.getParsingContext().getParent().inArray();
              containers.addLast(join(containers.peekLast(), inArray ? "[]" : lastName));
            }
          }
          case END_OBJECT, END_ARRAY -> containers.pollLast();
          default -> {}
        }
      }
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
    }
    return lines;
  }

  private static String join(String prefix, String name) {
    return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
  }

  /** Converts one raw value to its type, or says precisely why it can't. */
  static final class ConfigValues {
    private ConfigValues() {}

    static Object convert(ConfigKey key, ConfigKey.Raw raw) {
      if (key.type() == ConfigType.TENANT_LIST) {
        return tenantList(key, raw);
      }
      if (raw.node() != null && !raw.node().isValueNode()) {
        throw invalid(key, raw, raw.node().toString());
      }
      String text = raw.text() == null ? "" : raw.text().strip();
      return switch (key.type()) {
        case TEXT, SECRET -> text;
        case PORT -> integer(key, raw, text, 1, 65535);
        case PORT_OR_ZERO -> integer(key, raw, text, 0, 65535);
        case POSITIVE_INT -> integer(key, raw, text, 1, Integer.MAX_VALUE);
        case MILLIS_OR_ZERO -> integer(key, raw, text, 0, Integer.MAX_VALUE);
        case USD -> usd(key, raw, text);
        case DAY_OR_MORE_HOURS -> integer(key, raw, text, 24, Integer.MAX_VALUE);
        case PERCENT_UP_TO_HALF -> integer(key, raw, text, 0, 50);
        case HEAP_PERCENT -> integer(key, raw, text, 1, 95);
        case SEED -> integer(key, raw, text, 0, Integer.MAX_VALUE);
        case BASE64_SECRET -> base64Secret(key, raw, text);
        case URL -> url(key, raw, text);
        case PATH -> path(key, raw, text);
        case SWITCH -> switchValue(key, raw, text);
        case HOST_LIST -> hostList(key, raw, text);
        case TENANT_LIST -> throw new IllegalStateException("handled above");
      };
    }

    private static int integer(ConfigKey key, ConfigKey.Raw raw, String text, int min, int max) {
      try {
        int value = Integer.parseInt(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // falls through to the error that names the key
      }
      throw invalid(key, raw, text);
    }

    private static java.math.BigDecimal usd(ConfigKey key, ConfigKey.Raw raw, String text) {
      if (text.matches("[0-9]{1,6}(\\.[0-9]{1,6})?")) {
        return new java.math.BigDecimal(text);
      }
      throw invalid(key, raw, text);
    }

    private static java.util.Optional<byte[]> base64Secret(
        ConfigKey key, ConfigKey.Raw raw, String text) {
      if (text.isEmpty()) {
        return java.util.Optional.empty();
      }
      try {
        byte[] bytes = java.util.Base64.getDecoder().decode(text);
        if (bytes.length >= 32) {
          return java.util.Optional.of(bytes);
        }
      } catch (IllegalArgumentException e) {
        // falls through to the error that names the key
      }
      throw invalid(key, raw, text);
    }

    private static String url(ConfigKey key, ConfigKey.Raw raw, String text) {
      if (text.isEmpty()) {
        return text;
      }
      try {
        URI uri = new URI(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
      } catch (java.net.URISyntaxException e) {
        // falls through
      }
      throw invalid(key, raw, text);
    }

    private static Path path(ConfigKey key, ConfigKey.Raw raw, String text) {
      try {
        if (!text.isEmpty()) {
          return Path.of(text);
        }
      } catch (InvalidPathException e) {
        // falls through
      }
      throw invalid(key, raw, text);
    }

    private static Switch switchValue(ConfigKey key, ConfigKey.Raw raw, String text) {
      return switch (text.toLowerCase(java.util.Locale.ROOT)) {
        case "auto" -> Switch.AUTO;
        case "true", "on", "yes" -> Switch.ON;
        case "false", "off", "no" -> Switch.OFF;
        default -> throw invalid(key, raw, text);
      };
    }

    private static java.util.List<String> hostList(ConfigKey key, ConfigKey.Raw raw, String text) {
      java.util.List<String> hosts = new java.util.ArrayList<>();
      for (String part : text.split(",")) {
        String host = part.strip();
        if (host.isEmpty()) {
          continue;
        }
        if (!host.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?")) {
          throw invalid(key, raw, text);
        }
        hosts.add(host);
      }
      return java.util.List.copyOf(hosts);
    }

    private static JsonNode tenantList(ConfigKey key, ConfigKey.Raw raw) {
      JsonNode node = raw.node();
      if (node == null) {
        String text = raw.text() == null ? "" : raw.text().strip();
        if (text.isEmpty()) {
          return YAML.createArrayNode();
        }
        try {
          node = YAML.readTree(text);
        } catch (IOException e) {
          throw invalid(key, raw, text);
        }
      }
      if (node == null || !node.isArray()) {
        throw invalid(key, raw, String.valueOf(node));
      }
      return node;
    }

    static ConfigException invalid(ConfigKey key, ConfigKey.Raw raw, String value) {
      boolean secret = key.type() == ConfigType.SECRET || key.type() == ConfigType.BASE64_SECRET;
      String shown = secret ? "(secret, not shown)" : "\"" + value + "\"";
      return new ConfigException(
          raw.source()
              + ": key "
              + key.path()
              + ": value "
              + shown
              + " is not valid; expected "
              + key.type().expected);
    }
  }
}
