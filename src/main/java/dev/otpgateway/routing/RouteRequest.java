package dev.otpgateway.routing;

import java.util.Set;

/**
 * What routing needs to know about one message. The caller has already parsed and validated the
 * number (libphonenumber) and asked RBM whether the handset takes RCS; routing does neither.
 *
 * @param e164 the destination, {@code +} and 2 to 15 digits; carried for the caller's records,
 *     routing decides on {@code country}
 * @param country ISO 3166-1 alpha-2 region code of the number, upper case (libphonenumber's region
 *     code, e.g. {@code US}); a code no region names routes through the default region
 * @param risk what the code protects
 * @param channel the channel the caller asked for
 * @param consent whether the person's consent to receive the message is recorded
 * @param rcsCapability what routing knew of whether the handset takes RCS: the RBM check's answer,
 *     that it gave none, or that there is no RBM adapter to ask
 * @param segments SMS segments of the message body, at least 1
 * @param tenantId the calling tenant, for per-tenant weights; {@code null} for none (e.g. the CLI)
 * @param allowedCountries the tenant's permitted destination countries; empty means all
 */
public record RouteRequest(
    String e164,
    String country,
    Risk risk,
    ChannelPreference channel,
    boolean consent,
    RcsCapability rcsCapability,
    int segments,
    String tenantId,
    Set<String> allowedCountries) {

  /** Validates the shape of every field; {@code allowedCountries} may be {@code null} (= all). */
  public RouteRequest {
    allowedCountries = allowedCountries == null ? Set.of() : Set.copyOf(allowedCountries);
    Violations v = new Violations();
    if (!isE164(e164)) {
      v.add("must be + and 2 to 15 digits, but was '" + e164 + "'", "e164");
    }
    if (!isCountryCode(country)) {
      v.add("must be two upper-case letters, but was '" + country + "'", "country");
    }
    if (risk == null) {
      v.add("must be set", "risk");
    }
    if (channel == null) {
      v.add("must be set", "channel");
    }
    if (rcsCapability == null) {
      v.add("must be set", "rcsCapability");
    }
    if (segments < 1) {
      v.add("must be >= 1, but was " + segments, "segments");
    }
    v.throwIfAny();
  }

  /** A request whose capability check was answered (or not needed): yes or no. */
  public RouteRequest(
      String e164,
      String country,
      Risk risk,
      ChannelPreference channel,
      boolean consent,
      boolean rcsCapable,
      int segments,
      String tenantId,
      Set<String> allowedCountries) {
    this(
        e164,
        country,
        risk,
        channel,
        consent,
        RcsCapability.answered(rcsCapable),
        segments,
        tenantId,
        allowedCountries);
  }

  /** A low-risk, consented, automatic-channel request for one segment: the common case. */
  public static RouteRequest of(String e164, String country) {
    return new RouteRequest(
        e164, country, Risk.LOW, ChannelPreference.AUTO, true, false, 1, null, Set.of());
  }

  /** Whether the tenant may send to {@link #country()}. */
  public boolean countryPermitted() {
    return allowedCountries.isEmpty() || allowedCountries.contains(country);
  }

  private static boolean isE164(String s) {
    if (s == null
        || s.length() < 3
        || s.length() > 16
        || s.charAt(0) != '+'
        || s.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isCountryCode(String s) {
    return s != null
        && s.length() == 2
        && s.charAt(0) >= 'A'
        && s.charAt(0) <= 'Z'
        && s.charAt(1) >= 'A'
        && s.charAt(1) <= 'Z';
  }
}
