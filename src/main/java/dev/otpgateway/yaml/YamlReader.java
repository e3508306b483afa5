package dev.otpgateway.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML document into a {@link YamlNode} tree with lines, using Jackson's streaming YAML
 * parser (the only class in this package that touches Jackson).
 *
 * <p>Deliberately narrower than YAML: one document per file, a mapping at the top, no anchors,
 * aliases or tags, no duplicate keys. Rules and scenarios are read by people; every value should be
 * written out where it applies.
 */
public final class YamlReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final String file;
  private final YamlProblems problems;
  private boolean unsupported;

  private YamlReader(String file, YamlProblems problems) {
    this.file = file;
    this.problems = problems;
  }

  /**
   * Parses {@code text}; returns {@code null} (with problems added) when it is not usable YAML. An
   * empty document, or one with only comments, is an empty mapping.
   */
  public static YamlNode.Mapping read(String file, String text, YamlProblems problems) {
    return new YamlReader(file, problems).readDocument(text);
  }

  private YamlNode.Mapping readDocument(String text) {
    try (YAMLParser p = FACTORY.createParser(text)) {
      if (p.nextToken() == null) {
        return new YamlNode.Mapping(1, Map.of());
      }
      YamlNode root = readValue(p, 1);
      if (p.nextToken() != null) {
        problems.add(file, line(p), "only one YAML document per file");
      }
      if (unsupported) {
        // The values around an alias or tag are not what the author meant; reading on would only
        // add problems that echo this one.
        return null;
      }
      if (!(root instanceof YamlNode.Mapping mapping)) {
        problems.add(file, root.line(), "the top level must be a mapping of keys to values");
        return null;
      }
      return mapping;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
      problems.add(file, line, "not valid YAML: " + firstLine(e.getOriginalMessage()));
      return null;
    } catch (IOException e) {
      // Parsing a String does no I/O; anything else is a bug worth surfacing as such.
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the value at the current token; {@code ownerLine} is the line of the key holding it. */
  private YamlNode readValue(YAMLParser p, int ownerLine) throws IOException {
    rejectAnchorsAndTags(p);
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      return readMapping(p, ownerLine);
    }
    if (t == JsonToken.START_ARRAY) {
      List<YamlNode> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(readValue(p, line(p)));
      }
      return new YamlNode.Sequence(ownerLine, Collections.unmodifiableList(items));
    }
    return new YamlNode.Scalar(line(p), p.getText(), kindOf(t));
  }

  private YamlNode.Mapping readMapping(YAMLParser p, int ownerLine) throws IOException {
    Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      int keyLine = line(p);
      p.nextToken();
      YamlNode value = readValue(p, keyLine);
      YamlNode.Entry first = entries.get(key);
      if (first != null) {
        problems.add(
            file, keyLine, "duplicate key '" + key + "' (first at line " + first.keyLine() + ")");
      } else {
        entries.put(key, new YamlNode.Entry(keyLine, value));
      }
    }
    return new YamlNode.Mapping(ownerLine, Collections.unmodifiableMap(entries));
  }

  private void rejectAnchorsAndTags(YAMLParser p) throws IOException {
    // Jackson hands an alias back as a string holding the anchor's name, which would silently
    // become a wrong value; refuse the whole feature instead.
    if (p.isCurrentAlias() || p.getObjectId() != null) {
      unsupported = true;
      problems.add(file, line(p), "anchors and aliases are not supported: write the value out");
    } else if (p.getTypeId() != null) {
      unsupported = true;
      problems.add(file, line(p), "YAML tags are not supported: '" + p.getTypeId() + "'");
    }
  }

  private static YamlNode.Kind kindOf(JsonToken t) {
    return switch (t) {
      case VALUE_NUMBER_INT -> YamlNode.Kind.INTEGER;
      case VALUE_NUMBER_FLOAT -> YamlNode.Kind.DECIMAL;
      case VALUE_TRUE, VALUE_FALSE -> YamlNode.Kind.BOOLEAN;
      case VALUE_NULL -> YamlNode.Kind.NULL;
      default -> YamlNode.Kind.STRING;
    };
  }

  private static int line(YAMLParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
