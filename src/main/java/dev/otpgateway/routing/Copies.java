package dev.otpgateway.routing;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Immutable, sorted copies for the model's collections. Sorted because iteration order reaches
 * rendered explanations and exclusion lists, which must not vary between runs.
 */
final class Copies {
  private Copies() {}

  static SortedSet<String> sortedSet(Collection<String> source) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(source));
  }

  static <V> SortedMap<String, V> sortedMap(Map<String, V> source) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(source));
  }

  static <E extends Enum<E>> Set<E> enumSet(Class<E> type, Collection<E> source) {
    EnumSet<E> copy = EnumSet.noneOf(type);
    copy.addAll(source);
    return Collections.unmodifiableSet(copy);
  }

  static <E extends Enum<E>, V> Map<E, V> enumMap(Class<E> type, Map<E, V> source) {
    EnumMap<E, V> copy = new EnumMap<>(type);
    copy.putAll(source);
    return Collections.unmodifiableMap(copy);
  }

  /** Lower-case identifiers only: they appear in metric labels, URLs and reason strings. */
  static boolean isIdentifier(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '_'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
