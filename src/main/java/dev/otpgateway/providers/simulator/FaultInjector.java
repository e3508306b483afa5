package dev.otpgateway.providers.simulator;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One simulated provider's settings, provider-wide and per destination country, and the fate of
 * each call and message under them. Every share (errors, silent drops, duplicate and late receipts)
 * is spread evenly ({@link EvenSpread}) and every distributed delay is drawn from a seeded
 * generator, separately in each country, so a test or scenario that replays the same traffic gets
 * exactly the same outcome. Each change of settings starts them all afresh.
 */
final class FaultInjector {
  private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

  private final String provider;
  private final Set<String> ownSettings;
  private volatile State state;

  /**
   * @param ownSettings the per-number settings only this provider reads ({@code rcs_capable},
   *     {@code sim_swapped})
   */
  FaultInjector(String provider, Set<String> ownSettings) {
    this.provider = provider;
    this.ownSettings = Set.copyOf(ownSettings);
    this.state = healthy();
  }

  /** The provider-wide settings. */
  FaultSettings settings() {
    return state.base.settings;
  }

  /** The settings that apply to messages for this number: its country's, else provider-wide. */
  FaultSettings settings(String to) {
    return state.scope(to).settings;
  }

  JsonObject describe() {
    State s = state;
    return SettingsJson.render(provider, s.base.settings, ownSettings, s.patches);
  }

  /**
   * Applies a change as the control API's {@code POST} does: only the fields it names change.
   *
   * @throws InvalidSettingsException naming each field that is unknown, mistyped or out of range;
   *     then nothing changes
   */
  synchronized JsonObject configure(JsonObject changes) {
    Map<String, String> errors = new LinkedHashMap<>();
    Set<String> allowed = new TreeSet<>(SettingsJson.SCOPE_FIELDS);
    allowed.addAll(ownSettings);
    allowed.add(SettingsJson.COUNTRIES);
    for (String field : changes.fieldNames()) {
      if (!allowed.contains(field)) {
        errors.put(field, "unknown field for " + provider + "; allowed: " + allowed);
      }
    }
    JsonObject wide = changes.copy();
    wide.remove(SettingsJson.COUNTRIES);
    State current = state;
    FaultSettings base =
        SettingsJson.merge(current.base.settings, wide, "", provider + "/*", errors);
    Map<String, JsonObject> patches =
        changes.containsKey(SettingsJson.COUNTRIES)
            ? SettingsJson.mergeCountries(
                current.patches, changes.getValue(SettingsJson.COUNTRIES), errors)
            : current.patches;
    if (!errors.isEmpty()) {
      throw new InvalidSettingsException(errors);
    }
    State next = resolve(base, patches, errors);
    if (next == null) {
      throw new InvalidSettingsException(errors);
    }
    state = next;
    return describe();
  }

  /** Makes the provider healthy again, everywhere. */
  synchronized void reset() {
    state = healthy();
  }

  /**
   * The healthy defaults, read through the same path as every change: that also loads the settings
   * reader at start-up, not on the event loop that serves the first change.
   */
  private State healthy() {
    Map<String, String> errors = new LinkedHashMap<>();
    FaultSettings base =
        SettingsJson.merge(FaultSettings.HEALTHY, new JsonObject(), "", provider + "/*", errors);
    return resolve(base, Map.of(), errors);
  }

  private State resolve(
      FaultSettings base, Map<String, JsonObject> patches, Map<String, String> e) {
    Map<String, FaultSettings> countries = new HashMap<>();
    patches.forEach(
        (country, patch) ->
            countries.put(
                country,
                SettingsJson.merge(
                    base, patch, "countries." + country + ".", provider + "/" + country, e)));
    return e.isEmpty() ? State.of(base, patches, countries) : null;
  }

  /** The fate of the next API call for this number (null when the call names none). */
  Fate next(String to) {
    Scope scope = state.scope(to);
    FaultSettings s = scope.settings;
    if (s.down()) {
      return new Fate(503, 0);
    }
    int latencyMs = scope.latency.next();
    return scope.errors.next() ? new Fate(s.errorStatus(), latencyMs) : new Fate(0, latencyMs);
  }

  /** What becomes of a message the provider accepted for this number. */
  Settlement settle(String to) {
    Scope scope = state.scope(to);
    FaultSettings s = scope.settings;
    boolean reachesHandset = s.dlr() != FaultSettings.Dlr.FAILED && !scope.drops.next();
    if (s.dlr() == FaultSettings.Dlr.NONE) {
      return new Settlement(s.dlr(), reachesHandset, List.of());
    }
    List<Integer> receipts = new ArrayList<>(2);
    int first = scope.dlrDelay.next() + (scope.late.next() ? s.dlrLateMs() : 0);
    receipts.add(first);
    if (scope.duplicates.next()) {
      // The provider sends it again some time after the first, as at-least-once webhooks do.
      receipts.add(first + scope.dlrDelay.next());
    }
    return new Settlement(s.dlr(), reachesHandset, List.copyOf(receipts));
  }

  /**
   * @param errorStatus the status to fail with, or 0 to accept
   */
  record Fate(int errorStatus, int latencyMs) {
    boolean fails() {
      return errorStatus != 0;
    }
  }

  /** One scope's settings and the running state of its spreads and draws. */
  private static final class Scope {
    final FaultSettings settings;
    final EvenSpread errors;
    final EvenSpread drops;
    final EvenSpread duplicates;
    final EvenSpread late;
    final DelaySampler latency;
    final DelaySampler dlrDelay;

    Scope(FaultSettings s) {
      this.settings = s;
      this.errors = new EvenSpread(s.errorRate());
      this.drops = new EvenSpread(s.silentDropRate());
      this.duplicates = new EvenSpread(s.dlrDuplicateRate());
      this.late = new EvenSpread(s.dlrLateRate());
      this.latency = new DelaySampler(s.latency(), FaultSettings.MAX_LATENCY_MS);
      this.dlrDelay = new DelaySampler(s.dlrDelay(), FaultSettings.MAX_DLR_DELAY_MS);
    }
  }

  /** Everything one configuration decided, replaced whole on each change. */
  private record State(Scope base, Map<String, JsonObject> patches, Map<String, Scope> countries) {
    static State of(
        FaultSettings base, Map<String, JsonObject> patches, Map<String, FaultSettings> resolved) {
      Map<String, Scope> countries = new HashMap<>();
      resolved.forEach((country, settings) -> countries.put(country, new Scope(settings)));
      Map<String, JsonObject> copies = new TreeMap<>();
      patches.forEach((country, patch) -> copies.put(country, patch.copy()));
      return new State(new Scope(base), copies, countries);
    }

    Scope scope(String to) {
      if (countries.isEmpty() || to == null) {
        return base;
      }
      Scope country = countries.get(countryOf(to));
      return country == null ? base : country;
    }
  }

  /** The number's country as libphonenumber places it, or null when it is not a number. */
  private static String countryOf(String to) {
    try {
      return PHONE_NUMBERS.getRegionCodeForNumber(PHONE_NUMBERS.parse(to, null));
    } catch (NumberParseException e) {
      return null;
    }
  }
}
