package dev.otpgateway.yaml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the keys of one YAML mapping with type checks. Every key a caller asks about becomes
 * "known"; {@link #finish()} reports the rest as unknown. So the schema lives in one place (the
 * reading code) and a misspelt key can never be silently ignored.
 */
public final class MappingReader {
  private final String file;
  private final String path;
  private final YamlNode.Mapping node;
  private final YamlProblems problems;
  private final TreeSet<String> known = new TreeSet<>();
  private boolean failed;

  /**
   * A reader of {@code node}, found at {@code path} of {@code file}; problems go to {@code
   * problems}. A node that is not a mapping is reported at once.
   */
  public MappingReader(String file, String path, YamlNode node, YamlProblems problems) {
    this.file = file;
    this.path = path;
    this.problems = problems;
    if (node instanceof YamlNode.Mapping m) {
      this.node = m;
    } else {
      this.node = new YamlNode.Mapping(node.line(), Map.of());
      fail(node.line(), path + " must be a mapping of keys to values");
    }
  }

  public YamlNode.Mapping node() {
    return node;
  }

  /** A reader for the mapping {@code value} found under {@code key}, in the same file. */
  public MappingReader child(String key, YamlNode value) {
    return new MappingReader(file, path(key), value, problems);
  }

  /** Marks this mapping unusable because a part of it was (the part reported its own problem). */
  public void absorb(boolean partOk) {
    failed |= !partOk;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The entry for {@code key}, or {@code null}; reports a missing required key. */
  public YamlNode.Entry entry(String key, boolean required) {
    known.add(key);
    YamlNode.Entry e = node.entries().get(key);
    if (e == null && required) {
      fail(node.line(), path(key) + " must be set");
    }
    if (e != null && !required && isNull(e.value())) {
      // "key:" with nothing after it reads as null: treat like an absent optional key.
      return null;
    }
    return e;
  }

  public String string(String key, boolean required) {
    YamlNode.Entry e = entry(key, required);
    return e == null ? null : text(e.value(), path(key));
  }

  public Long integer(String key, boolean required) {
    YamlNode.Entry e = entry(key, required);
    if (e == null) {
      return null;
    }
    if (e.value() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.INTEGER) {
      try {
        return Long.parseLong(s.text().replace("_", ""));
      } catch (NumberFormatException ex) {
        // Falls through to the type error below: e.g. an integer beyond the range of a long.
      }
    }
    return typeError(e.value(), key, "a whole number");
  }

  public BigDecimal decimal(String key, boolean required) {
    YamlNode.Entry e = entry(key, required);
    return e == null ? null : decimal(e.value(), path(key));
  }

  public BigDecimal decimal(YamlNode value, String where) {
    if (value instanceof YamlNode.Scalar s
        && (s.kind() == YamlNode.Kind.INTEGER || s.kind() == YamlNode.Kind.DECIMAL)) {
      try {
        return new BigDecimal(s.text().replace("_", ""));
      } catch (NumberFormatException ex) {
        // .inf and .nan are YAML floats but not amounts; reported below.
      }
    }
    fail(value.line(), where + " must be a number, but was " + describe(value));
    return null;
  }

  public boolean bool(String key, boolean fallback) {
    YamlNode.Entry e = entry(key, false);
    if (e == null) {
      return fallback;
    }
    // Only true/false: YAML 1.1 also reads yes/no/on/off as booleans, which surprises reviewers.
    if (e.value() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.BOOLEAN) {
      if (s.text().equals("true") || s.text().equals("false")) {
        return s.text().equals("true");
      }
    }
    typeError(e.value(), key, "true or false");
    return fallback;
  }

  /** A list of distinct non-empty strings; duplicates are reported, not merged silently. */
  public List<String> strings(String key, boolean required) {
    YamlNode.Entry e = entry(key, required);
    if (e == null) {
      return null;
    }
    if (!(e.value() instanceof YamlNode.Sequence seq)) {
      return typeError(e.value(), key, "a list");
    }
    List<String> out = new ArrayList<>(seq.items().size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String s = text(item, path(key) + "[" + i + "]");
      if (s == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(s, item.line());
      if (first != null) {
        fail(item.line(), path(key) + " lists '" + s + "' twice (first at line " + first + ")");
      } else {
        out.add(s);
      }
    }
    return out;
  }

  public YamlNode.Mapping mapping(String key, boolean required) {
    YamlNode.Entry e = entry(key, required);
    if (e == null) {
      return null;
    }
    if (e.value() instanceof YamlNode.Mapping m) {
      return m;
    }
    return typeError(e.value(), key, "a mapping of keys to values");
  }

  public YamlNode.Sequence sequence(YamlNode value, String where) {
    if (value instanceof YamlNode.Sequence s) {
      return s;
    }
    fail(value.line(), where + " must be a list, but was " + describe(value));
    return null;
  }

  /** Records a problem that makes this mapping unusable (the caller will not build its value). */
  public void fail(int line, String message) {
    failed = true;
    problems.add(file, line, message);
  }

  /**
   * Reports unknown keys; returns whether every key read was valid. An unknown key does not make
   * the value unusable: it is still built and checked, so its other problems show too.
   */
  public boolean finish() {
    for (Map.Entry<String, YamlNode.Entry> e : node.entries().entrySet()) {
      if (!known.contains(e.getKey())) {
        problems.add(
            file,
            e.getValue().keyLine(),
            path(e.getKey())
                + " is not a known key (expected one of: "
                + String.join(", ", known)
                + ")");
      }
    }
    return !failed;
  }

  private String text(YamlNode value, String where) {
    if (value instanceof YamlNode.Scalar s
        && s.kind() != YamlNode.Kind.NULL
        && !s.text().isEmpty()) {
      return s.text();
    }
    fail(value.line(), where + " must be a non-empty text, but was " + describe(value));
    return null;
  }

  private <T> T typeError(YamlNode value, String key, String expected) {
    fail(value.line(), path(key) + " must be " + expected + ", but was " + describe(value));
    return null;
  }

  private static boolean isNull(YamlNode value) {
    return value instanceof YamlNode.Scalar s && s.kind() == YamlNode.Kind.NULL;
  }

  private static String describe(YamlNode value) {
    if (value instanceof YamlNode.Mapping) {
      return "a mapping";
    }
    if (value instanceof YamlNode.Sequence) {
      return "a list";
    }
    YamlNode.Scalar s = (YamlNode.Scalar) value;
    return s.kind() == YamlNode.Kind.NULL ? "empty" : "'" + s.text() + "'";
  }
}
