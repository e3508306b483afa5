package dev.otpgateway.ledger;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes an entry's fields as the ledger's canonical JSON: object members sorted by key, no
 * whitespace, strings escaped exactly as Jackson escapes them by default (so text written before
 * this class reads and hashes the same), and integers as the only numbers: money, carbon and rates
 * are decimal strings, and a floating-point number is refused rather than written in a form that
 * might not read back exactly.
 *
 * <p>Jackson's {@code ObjectMapper} wrote this before. It looked up a serializer for every value
 * and made a generator per entry, and that was a third of the ledger writer's time; the values an
 * entry holds are few enough to write directly.
 */
final class CanonicalJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /**
   * How each ASCII character is written in a string: 0 as itself, -1 as {@code \}{@code u00XX},
   * otherwise as a backslash and that character. Jackson's default table.
   */
  private static final int[] ESCAPES = new int[128];

  static {
    Arrays.fill(ESCAPES, 0, 32, -1);
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\f'] = 'f';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
  }

  private CanonicalJson() {}

  /** A value's canonical text. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder(512);
    write(out, value);
    return out.toString();
  }

  /**
   * Appends a value's canonical text: a map with string keys, a collection, a string, a boolean, an
   * integer or null.
   *
   * @throws IllegalArgumentException for anything else, such as a double or a non-string key
   */
  static void write(StringBuilder out, Object value) {
    if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Map<?, ?> m) {
      object(out, m);
    } else if (value instanceof Integer || value instanceof Long) {
      out.append(((Number) value).longValue());
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value == null) {
      out.append("null");
    } else if (value instanceof Collection<?> c) {
      array(out, c);
    } else if (value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
      out.append(value);
    } else {
      throw new IllegalArgumentException(
          "a ledger entry holds strings, integers, booleans, objects and arrays only, not a "
              + value.getClass().getSimpleName());
    }
  }

  private static void object(StringBuilder out, Map<?, ?> m) {
    out.append('{');
    if (m instanceof SortedMap<?, ?> sorted && sorted.comparator() == null) {
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        member(out, e.getKey(), e.getValue());
      }
    } else {
      String[] keys = new String[m.size()];
      int i = 0;
      for (Object key : m.keySet()) {
        keys[i++] = key(key);
      }
      Arrays.sort(keys);
      for (i = 0; i < keys.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        member(out, keys[i], m.get(keys[i]));
      }
    }
    out.append('}');
  }

  private static void member(StringBuilder out, Object key, Object value) {
    string(out, key(key));
    out.append(':');
    write(out, value);
  }

  private static String key(Object key) {
    if (key instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("a ledger entry's object keys are strings, not " + key);
  }

  private static void array(StringBuilder out, Collection<?> items) {
    out.append('[');
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(',');
      }
      first = false;
      write(out, item);
    }
    out.append(']');
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    int plain = 0; // s[plain, i) needs no escape and is not yet appended
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128 || ESCAPES[c] == 0) {
        continue;
      }
      out.append(s, plain, i).append('\\');
      int escape = ESCAPES[c];
      if (escape > 0) {
        out.append((char) escape);
      } else {
        out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
      plain = i + 1;
    }
    if (plain == 0) {
      out.append(s); // nothing escaped, the common case: one copy, not a character at a time
    } else {
      out.append(s, plain, s.length());
    }
    out.append('"');
  }
}
