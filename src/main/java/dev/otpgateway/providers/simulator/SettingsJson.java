package dev.otpgateway.providers.simulator;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The control API's JSON for a provider's settings, read strictly: an unknown field, a value of the
 * wrong type or out of range is refused with the field's name, and nothing changes. A change names
 * only the fields it changes; the rest keep their values.
 */
final class SettingsJson {
  /** The settings a country may override: everything but the per-number facts. */
  static final Set<String> SCOPE_FIELDS =
      Set.of(
          "down",
          "error_rate",
          "error_status",
          "latency_ms",
          "latency",
          "dlr",
          "dlr_delay_ms",
          "dlr_delay",
          "silent_drop_rate",
          "dlr_duplicate_rate",
          "dlr_late_rate",
          "dlr_late_ms");

  static final String RCS_CAPABLE = "rcs_capable";
  static final String SIM_SWAPPED = "sim_swapped";
  static final String COUNTRIES = "countries";

  private static final Set<String> DISTRIBUTION_FIELDS = Set.of("median_ms", "p99_ms", "seed");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Set<String> REGIONS = PhoneNumberUtil.getInstance().getSupportedRegions();

  private SettingsJson() {}

  /**
   * The settings {@code changes} makes of {@code current}.
   *
   * @param prefix put before field names in errors, e.g. {@code countries.GB.}
   * @param seedScope names the scope in default seeds, so each scope draws its own sequence
   * @param errors where type errors and range errors go, keyed by field
   * @return the new settings, or null when there were errors
   */
  static FaultSettings merge(
      FaultSettings current,
      JsonObject changes,
      String prefix,
      String seedScope,
      Map<String, String> errors) {
    Reader in = new Reader(changes, prefix, errors);
    boolean down = in.bool("down", current.down());
    double errorRate = in.share("error_rate", current.errorRate());
    int errorStatus = in.whole("error_status", current.errorStatus());
    Delay latency = in.delay("latency", current.latency(), seedScope);
    FaultSettings.Dlr dlr = in.dlr(current.dlr());
    Delay dlrDelay = in.delay("dlr_delay", current.dlrDelay(), seedScope);
    double silentDropRate = in.share("silent_drop_rate", current.silentDropRate());
    double dlrDuplicateRate = in.share("dlr_duplicate_rate", current.dlrDuplicateRate());
    double dlrLateRate = in.share("dlr_late_rate", current.dlrLateRate());
    int dlrLateMs = in.whole("dlr_late_ms", current.dlrLateMs());
    Set<String> rcsCapable = in.numbers(current.rcsCapable());
    Map<String, Duration> simSwapped = in.swaps(current.simSwapped());
    if (in.failed) {
      return null;
    }
    try {
      return new FaultSettings(
          down,
          errorRate,
          errorStatus,
          latency,
          dlr,
          dlrDelay,
          silentDropRate,
          dlrDuplicateRate,
          dlrLateRate,
          dlrLateMs,
          rcsCapable,
          simSwapped);
    } catch (InvalidSettingsException e) {
      e.errors().forEach((field, message) -> errors.put(prefix + field, message));
      return null;
    }
  }

  /**
   * The countries' overrides after {@code value} (the {@code countries} member of a change) is
   * applied: a country named with an object has those fields changed, a country named with null
   * loses its overrides, other countries keep theirs.
   */
  static Map<String, JsonObject> mergeCountries(
      Map<String, JsonObject> current, Object value, Map<String, String> errors) {
    if (!(value instanceof JsonObject countries)) {
      errors.put(COUNTRIES, "must be an object of ISO 3166 country codes to settings");
      return current;
    }
    Map<String, JsonObject> merged = new TreeMap<>(current);
    for (String country : countries.fieldNames()) {
      String field = COUNTRIES + "." + country;
      if (!REGIONS.contains(country)) {
        errors.put(field, "must be an ISO 3166 country code in capitals that has phone numbers");
        continue;
      }
      Object patch = countries.getValue(country);
      if (patch == null) {
        merged.remove(country);
        continue;
      }
      if (!(patch instanceof JsonObject fields)) {
        errors.put(field, "must be an object of settings, or null to remove the country's");
        continue;
      }
      for (String name : fields.fieldNames()) {
        if (!SCOPE_FIELDS.contains(name)) {
          errors.put(
              field + "." + name,
              "cannot be set per country; a country may set " + new TreeSet<>(SCOPE_FIELDS));
        }
      }
      JsonObject combined =
          merged.containsKey(country) ? merged.get(country).copy() : new JsonObject();
      // A constant and a distribution of the same delay replace each other.
      for (String delay : List.of("latency", "dlr_delay")) {
        if (fields.containsKey(delay) || fields.containsKey(delay + "_ms")) {
          combined.remove(delay);
          combined.remove(delay + "_ms");
        }
      }
      merged.put(country, combined.mergeIn(fields));
    }
    return merged;
  }

  /** The settings as the control API shows them. */
  static JsonObject render(
      String provider,
      FaultSettings s,
      Set<String> ownSettings,
      Map<String, JsonObject> countries) {
    JsonObject json =
        new JsonObject()
            .put("provider", provider)
            .put("down", s.down())
            .put("error_rate", s.errorRate())
            .put("error_status", s.errorStatus());
    putDelay(json, "latency", s.latency());
    json.put("dlr", s.dlr().name().toLowerCase(Locale.ROOT));
    putDelay(json, "dlr_delay", s.dlrDelay());
    json.put("silent_drop_rate", s.silentDropRate())
        .put("dlr_duplicate_rate", s.dlrDuplicateRate())
        .put("dlr_late_rate", s.dlrLateRate())
        .put("dlr_late_ms", s.dlrLateMs());
    if (ownSettings.contains(RCS_CAPABLE)) {
      json.put(RCS_CAPABLE, new JsonArray(s.rcsCapable().stream().sorted().toList()));
    }
    if (ownSettings.contains(SIM_SWAPPED)) {
      JsonObject swapped = new JsonObject();
      s.simSwapped().forEach((number, ago) -> swapped.put(number, ago.toString()));
      json.put(SIM_SWAPPED, swapped);
    }
    JsonObject byCountry = new JsonObject();
    countries.forEach((country, patch) -> byCountry.put(country, patch.copy()));
    return json.put(COUNTRIES, byCountry);
  }

  private static void putDelay(JsonObject json, String field, Delay delay) {
    if (delay instanceof Delay.LogNormal d) {
      json.put(
          field,
          new JsonObject()
              .put("median_ms", d.medianMs())
              .put("p99_ms", d.p99Ms())
              .put("seed", d.seed()));
    } else {
      json.put(field + "_ms", ((Delay.Fixed) delay).ms());
    }
  }

  /** Reads typed fields of one change, noting each type error under its field's name. */
  private static final class Reader {
    private final JsonObject changes;
    private final String prefix;
    private final Map<String, String> errors;
    private boolean failed;

    Reader(JsonObject changes, String prefix, Map<String, String> errors) {
      this.changes = changes;
      this.prefix = prefix;
      this.errors = errors;
    }

    private void fail(String field, String message) {
      errors.put(prefix + field, message);
      failed = true;
    }

    boolean bool(String field, boolean current) {
      if (!changes.containsKey(field)) {
        return current;
      }
      if (changes.getValue(field) instanceof Boolean b) {
        return b;
      }
      fail(field, "must be true or false");
      return current;
    }

    double share(String field, double current) {
      if (!changes.containsKey(field)) {
        return current;
      }
      if (changes.getValue(field) instanceof Number n) {
        return n.doubleValue();
      }
      fail(field, "must be a number from 0 to 1");
      return current;
    }

    int whole(String field, int current) {
      return changes.containsKey(field) ? whole(changes, field, field) : current;
    }

    private int whole(JsonObject in, String name, String field) {
      Object value = in.getValue(name);
      if ((value instanceof Integer || value instanceof Long)
          && ((Number) value).longValue() == ((Number) value).intValue()) {
        return ((Number) value).intValue();
      }
      fail(field, "must be a whole number");
      return 0;
    }

    /** {@code <field>_ms} (a constant) or {@code <field>} (a distribution), not both. */
    Delay delay(String field, Delay current, String seedScope) {
      boolean constant = changes.containsKey(field + "_ms");
      boolean distribution = changes.containsKey(field);
      if (constant && distribution) {
        fail(field, "give " + field + "_ms or " + field + ", not both");
        return current;
      }
      if (constant) {
        return new Delay.Fixed(whole(changes, field + "_ms", field + "_ms"));
      }
      if (!distribution) {
        return current;
      }
      if (!(changes.getValue(field) instanceof JsonObject d)) {
        fail(field, "must be an object {\"median_ms\": ..., \"p99_ms\": ...}");
        return current;
      }
      for (String name : d.fieldNames()) {
        if (!DISTRIBUTION_FIELDS.contains(name)) {
          fail(field + "." + name, "unknown field; allowed: median_ms, p99_ms, seed");
        }
      }
      for (String name : List.of("median_ms", "p99_ms")) {
        if (!d.containsKey(name)) {
          fail(field + "." + name, "is required");
        }
      }
      if (failed) {
        return current;
      }
      int median = whole(d, "median_ms", field + ".median_ms");
      int p99 = whole(d, "p99_ms", field + ".p99_ms");
      long seed = (seedScope + "/" + field).hashCode();
      if (d.containsKey("seed")) {
        if (d.getValue("seed") instanceof Integer || d.getValue("seed") instanceof Long) {
          seed = ((Number) d.getValue("seed")).longValue();
        } else {
          fail(field + ".seed", "must be a whole number");
        }
      }
      return new Delay.LogNormal(median, p99, seed);
    }

    FaultSettings.Dlr dlr(FaultSettings.Dlr current) {
      if (!changes.containsKey("dlr")) {
        return current;
      }
      if (changes.getValue("dlr") instanceof String s) {
        for (FaultSettings.Dlr dlr : FaultSettings.Dlr.values()) {
          if (dlr.name().equalsIgnoreCase(s)) {
            return dlr;
          }
        }
      }
      fail("dlr", "must be one of delivered, failed, none");
      return current;
    }

    Set<String> numbers(Set<String> current) {
      if (!changes.containsKey(RCS_CAPABLE)) {
        return current;
      }
      Set<String> numbers = new HashSet<>();
      if (changes.getValue(RCS_CAPABLE) instanceof JsonArray array) {
        for (Object item : array) {
          if (item instanceof String s && E164.matcher(s).matches()) {
            numbers.add(s);
          } else {
            fail(RCS_CAPABLE, "must be an array of E.164 numbers, e.g. [\"+12025550160\"]");
            return current;
          }
        }
        return numbers;
      }
      fail(RCS_CAPABLE, "must be an array of E.164 numbers, e.g. [\"+12025550160\"]");
      return current;
    }

    Map<String, Duration> swaps(Map<String, Duration> current) {
      if (!changes.containsKey(SIM_SWAPPED)) {
        return current;
      }
      if (!(changes.getValue(SIM_SWAPPED) instanceof JsonObject given)) {
        fail(SIM_SWAPPED, "must be an object of E.164 numbers to ISO 8601 durations, e.g. PT24H");
        return current;
      }
      Map<String, Duration> swaps = new LinkedHashMap<>();
      for (String number : given.fieldNames()) {
        String field = SIM_SWAPPED + "." + number;
        if (!E164.matcher(number).matches()) {
          fail(field, "the key must be an E.164 number");
        } else if (!(given.getValue(number) instanceof String text)) {
          fail(field, "must be an ISO 8601 duration, e.g. PT24H");
        } else {
          try {
            swaps.put(number, Duration.parse(text));
          } catch (DateTimeParseException e) {
            fail(field, "must be an ISO 8601 duration, e.g. PT24H, but was " + text);
          }
        }
      }
      return swaps;
    }
  }
}
