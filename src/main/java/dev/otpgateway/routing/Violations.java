package dev.otpgateway.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem a constructor finds before throwing, so one bad rules file reports all its
 * mistakes at once instead of one per edit-and-retry.
 */
final class Violations {
  private final List<InvalidValueException.Violation> found = new ArrayList<>(2);

  /** Records {@code problem} (e.g. "must be >= 0, but was -1") at {@code path}. */
  void add(String problem, Object... path) {
    found.add(new InvalidValueException.Violation(List.of(path), problem));
  }

  void requireNonNegative(double value, Object... path) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      add("must be a finite number >= 0, but was " + value, path);
    }
  }

  void requirePositive(long value, Object... path) {
    if (value <= 0) {
      add("must be > 0, but was " + value, path);
    }
  }

  void requireText(String value, Object... path) {
    if (value == null || value.isBlank()) {
      add("must not be empty", path);
    }
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidValueException(found);
    }
  }

  /** Renders a path the way rules authors write it: {@code regions.eu.prices.sms[1].usd}. */
  static String pathString(String prefix, List<Object> path) {
    StringBuilder sb = new StringBuilder(prefix);
    for (Object p : path) {
      if (p instanceof InvalidValueException.Item) {
        continue;
      }
      if (p instanceof Integer) {
        sb.append('[').append(p).append(']');
      } else {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(p);
      }
    }
    return sb.toString();
  }
}
