package dev.otpgateway.routing;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of what approvals say about every route, taken by the caller just before a
 * decision, as provider health is. With it, the quality score is the estimated share of codes a
 * route gets approved (a conversion); {@link #OFF} scores quality by delivery receipts alone.
 *
 * <p>Routes are keyed by provider, destination country and channel; totals per channel (every
 * country) give a route nobody has used yet a prior from the rest of the traffic.
 */
public final class Conversions {
  /** Conversion-aware routing is off: quality comes from delivery receipts. */
  public static final Conversions OFF = new Conversions(false, Map.of(), Map.of());

  /** Conversion-aware routing is on, and nothing has been observed yet. */
  public static final Conversions NONE_YET = new Conversions(true, Map.of(), Map.of());

  private final boolean on;
  // Country, then "provider/channel": a decision reads one country's few routes.
  private final Map<String, Map<String, ConversionEvidence>> byCountry;
  private final Map<Channel, ConversionEvidence> totals;

  private Conversions(
      boolean on,
      Map<String, Map<String, ConversionEvidence>> byCountry,
      Map<Channel, ConversionEvidence> totals) {
    this.on = on;
    this.byCountry = byCountry;
    this.totals = totals;
  }

  /**
   * A snapshot of every route's evidence; the per-channel totals are their sums.
   *
   * @param byRoute evidence by {@link #key(String, String, Channel)}
   */
  public static Conversions of(Map<String, ConversionEvidence> byRoute) {
    Map<String, Map<String, ConversionEvidence>> byCountry = new HashMap<>();
    Map<Channel, ConversionEvidence> totals = new EnumMap<>(Channel.class);
    byRoute.forEach(
        (key, evidence) -> {
          String[] parts = key.split("\\|", -1);
          if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("not a route key: '" + key + "'");
          }
          Channel channel = Channel.fromId(parts[2]);
          if (channel == null) {
            throw new IllegalArgumentException("not a channel in route key: '" + key + "'");
          }
          byCountry
              .computeIfAbsent(parts[1], c -> new HashMap<>())
              .put(parts[0] + '/' + channel.id(), evidence);
          totals.merge(channel, evidence, ConversionEvidence::plus);
        });
    return new Conversions(true, freeze(byCountry), Map.copyOf(totals));
  }

  /**
   * One country's routes with the channel totals they were decided with, as a decision records
   * them.
   *
   * @param routes evidence by {@code provider/channel}
   */
  public static Conversions ofCountry(
      String country,
      Map<String, ConversionEvidence> routes,
      Map<Channel, ConversionEvidence> totals) {
    return new Conversions(true, Map.of(country, Map.copyOf(routes)), Map.copyOf(totals));
  }

  private static Map<String, Map<String, ConversionEvidence>> freeze(
      Map<String, Map<String, ConversionEvidence>> byCountry) {
    Map<String, Map<String, ConversionEvidence>> copy = new HashMap<>();
    byCountry.forEach((country, routes) -> copy.put(country, Map.copyOf(routes)));
    return Map.copyOf(copy);
  }

  /** The key of a route: {@code provider|country|channel}, e.g. {@code sinch|IN|sms}. */
  public static String key(String provider, String country, Channel channel) {
    return provider + '|' + country + '|' + channel.id();
  }

  /** Whether conversions score quality (else delivery receipts do). */
  public boolean on() {
    return on;
  }

  /** The evidence about one route; {@link ConversionEvidence#NONE} when nothing is known. */
  public ConversionEvidence route(String provider, String country, Channel channel) {
    Map<String, ConversionEvidence> routes = byCountry.get(country);
    ConversionEvidence e = routes == null ? null : routes.get(provider + '/' + channel.id());
    return e == null ? ConversionEvidence.NONE : e;
  }

  /** Every route to {@code country} on {@code channel} together. */
  ConversionEvidence country(String country, Channel channel) {
    Map<String, ConversionEvidence> routes = byCountry.get(country);
    ConversionEvidence sum = ConversionEvidence.NONE;
    if (routes != null) {
      String suffix = "/" + channel.id();
      for (Map.Entry<String, ConversionEvidence> e : routes.entrySet()) {
        if (e.getKey().endsWith(suffix)) {
          sum = sum.plus(e.getValue());
        }
      }
    }
    return sum;
  }

  /** Every route on {@code channel}, in every country, together. */
  public ConversionEvidence total(Channel channel) {
    ConversionEvidence t = totals.get(channel);
    return t == null ? ConversionEvidence.NONE : t;
  }

  /** The country's routes by {@code provider/channel}, sorted, for the record of a decision. */
  public Map<String, ConversionEvidence> routesOf(String country) {
    Map<String, ConversionEvidence> routes = byCountry.get(country);
    return routes == null ? Map.of() : new TreeMap<>(routes);
  }

  /** The per-channel totals, for the record of a decision. */
  public Map<Channel, ConversionEvidence> totals() {
    return totals;
  }

  @Override
  public String toString() {
    return on ? "Conversions" + byCountry : "Conversions[off]";
  }
}
