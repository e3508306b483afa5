package dev.otpgateway.yaml;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers its line, so every loader problem can name file and line.
 * Jackson's tree model drops locations, hence this small tree of our own.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  /** 1-based line: for a mapping or sequence under a key, the key's line. */
  int line();

  /** What YAML resolved a plain scalar to; quoted scalars are always {@code STRING}. */
  enum Kind {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    NULL
  }

  /** A path step naming the item of a list whose text is {@link #text()}, rather than its index. */
  interface ListItem {
    String text();
  }

  /** A key's value and the line of the key itself. */
  record Entry(int keyLine, YamlNode value) {}

  /** A mapping, keys in document order. */
  record Mapping(int line, Map<String, Entry> entries) implements YamlNode {}

  /** A sequence. */
  record Sequence(int line, List<YamlNode> items) implements YamlNode {}

  /**
   * A scalar with its source text: country {@code NO} stays "NO" although YAML 1.1 calls it false.
   */
  record Scalar(int line, String text, Kind kind) implements YamlNode {}

  /**
   * The line of the value {@code path} leads to from {@code node} (keys, indices, or {@link
   * ListItem}); where the path runs out, the deepest line found.
   */
  static int lineAt(YamlNode node, List<Object> path) {
    YamlNode current = node;
    int line = node.line();
    for (Object step : path) {
      YamlNode next = null;
      if (current instanceof Mapping m && step instanceof String key) {
        Entry e = m.entries().get(key);
        if (e != null) {
          next = e.value();
          line = next instanceof Scalar ? next.line() : e.keyLine();
        }
      } else if (current instanceof Sequence s && step instanceof Integer i) {
        if (i >= 0 && i < s.items().size()) {
          next = s.items().get(i);
          line = next.line();
        }
      } else if (current instanceof Sequence s && step instanceof ListItem item) {
        for (YamlNode candidate : s.items()) {
          if (candidate instanceof Scalar sc && sc.text().equals(item.text())) {
            next = candidate;
            line = candidate.line();
            break;
          }
        }
      }
      if (next == null) {
        break;
      }
      current = next;
    }
    return line;
  }
}
