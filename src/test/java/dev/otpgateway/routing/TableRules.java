package dev.otpgateway.routing;

import java.nio.file.Path;

/** The fixture rules of the decision table, and lanes out of them for filter and scorer tests. */
final class TableRules {
  static final RuleSet RULES = RulesLoader.load(Path.of("src/test/resources/routing/table-rules"));

  private TableRules() {}

  static Region region(String id) {
    return RULES.regions().get(id);
  }

  static ProviderProfile provider(String id) {
    return RULES.providers().get(id);
  }

  /** The lane of {@code provider} on {@code channel} in the region {@code country} routes to. */
  static Lane lane(String country, String provider, Channel channel) {
    for (Lane lane : RULES.index(country).lanes()) {
      if (lane.providerId().equals(provider) && lane.channel() == channel) {
        return lane;
      }
    }
    throw new IllegalArgumentException("no lane " + provider + "/" + channel + " for " + country);
  }

  static RouteRequest request(String country, Risk risk, ChannelPreference channel, boolean rcs) {
    return new RouteRequest("+12025550150", country, risk, channel, true, rcs, 1, null, null);
  }

  static RouteRequest request(String country) {
    return request(country, Risk.LOW, ChannelPreference.AUTO, false);
  }
}
