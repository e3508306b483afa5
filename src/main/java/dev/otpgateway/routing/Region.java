package dev.otpgateway.routing;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A routing region: the countries it covers and how messages to them may be sent (one entry under
 * {@code regions:}).
 *
 * @param id lower-case name; {@value #DEFAULT} is the region for every country no other names
 * @param countries ISO 3166-1 alpha-2 codes, upper case; empty for {@value #DEFAULT}
 * @param channels channels allowed here
 * @param deliveryTimeouts per allowed channel: how long to wait for a delivery receipt before the
 *     next candidate is tried ({@code delivery_timeout_ms})
 * @param compliance consent, risk, residency and sender-registration constraints
 * @param weights score weights for this region, or {@code null} for the rules' default
 * @param baselineProvider single-provider baseline for finance here, or {@code null} for the rules'
 *     top-level {@code baseline_provider}
 * @param providers how each provider is used here, by provider id
 */
public record Region(
    String id,
    Set<String> countries,
    Set<Channel> channels,
    Map<Channel, Duration> deliveryTimeouts,
    Compliance compliance,
    Weights weights,
    String baselineProvider,
    Map<String, ProviderRoute> providers) {

  /** The id of the catch-all region. */
  public static final String DEFAULT = "default";

  private static final Set<String> ISO_COUNTRIES =
      new HashSet<>(Arrays.asList(Locale.getISOCountries()));

  /** Validates countries, channels, timeouts and that each price list is for an allowed channel. */
  public Region {
    countries = Copies.sortedSet(countries);
    channels = Copies.enumSet(Channel.class, channels);
    deliveryTimeouts = Copies.enumMap(Channel.class, deliveryTimeouts);
    providers = Copies.sortedMap(providers);
    Violations v = new Violations();
    if (!Copies.isIdentifier(id)) {
      v.add("must be a lower-case identifier, but was '" + id + "'");
    }
    if (compliance == null) {
      v.add("must be set", "compliance");
    }
    checkCountries(id, countries, v);
    if (channels.isEmpty()) {
      v.add("must allow at least one channel", "channels");
    }
    for (Channel c : channels) {
      Duration t = deliveryTimeouts.get(c);
      if (t == null) {
        v.add("must give a timeout for " + c.id(), "delivery_timeout_ms");
      } else if (t.isNegative() || t.isZero()) {
        v.add("must be > 0, but was " + t.toMillis(), "delivery_timeout_ms", c.id());
      }
    }
    for (Channel c : deliveryTimeouts.keySet()) {
      if (!channels.contains(c)) {
        v.add("is given but the region does not allow " + c.id(), "delivery_timeout_ms", c.id());
      }
    }
    if (providers.isEmpty()) {
      v.add("must name at least one provider", "providers");
    }
    for (ProviderRoute route : providers.values()) {
      for (Channel c : route.prices().keySet()) {
        if (!channels.contains(c)) {
          v.add(
              "is given but the region does not allow " + c.id(),
              "providers",
              route.provider(),
              "prices",
              c.id());
        }
      }
    }
    v.throwIfAny();
  }

  private static void checkCountries(String id, Set<String> countries, Violations v) {
    if (DEFAULT.equals(id)) {
      if (!countries.isEmpty()) {
        v.add(
            "must be empty: the default region covers every country no other region names",
            "countries");
      }
      return;
    }
    if (countries.isEmpty()) {
      v.add("must name at least one country", "countries");
    }
    for (String c : countries) {
      if (!ISO_COUNTRIES.contains(c)) {
        v.add(
            "has '" + c + "', which is not an ISO 3166-1 alpha-2 code (upper case)",
            "countries",
            new InvalidValueException.Item(c));
      }
    }
  }
}
