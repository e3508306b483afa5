package dev.otpgateway.routing;

import dev.otpgateway.yaml.YamlNode;
import java.util.List;

/**
 * Thrown by the model's constructors with every problem they found, each tied to the rules-file
 * path of the value it concerns. The loader resolves those paths to file and line; other callers
 * see an ordinary {@link IllegalArgumentException} whose message names the field.
 */
final class InvalidValueException extends IllegalArgumentException {
  private final transient List<Violation> violations;

  InvalidValueException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    StringBuilder sb = new StringBuilder();
    for (Violation v : violations) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(v.message(""));
    }
    return sb.toString();
  }

  /**
   * One problem. {@code path} holds map keys (String) and list indices (Integer) relative to the
   * value being constructed, e.g. {@code ["prices", "sms", 1, "above"]}, and {@link Item} for a
   * list item known by its text rather than its index.
   */
  record Violation(List<Object> path, String problem) {
    Violation {
      path = List.copyOf(path);
    }

    /** The message with {@code prefix} (the enclosing rules path) prepended to the field path. */
    String message(String prefix) {
      String where = Violations.pathString(prefix, path);
      return where.isEmpty() ? problem : where + " " + problem;
    }
  }

  /** A path element naming the list item whose text is {@code text}; not rendered in messages. */
  record Item(String text) implements YamlNode.ListItem {}
}
