package dev.otpgateway.routing;

import java.util.Map;
import java.util.Set;

/**
 * A messaging provider as the rules describe it (file {@code providers.yaml}).
 *
 * @param id lower-case name, e.g. {@code twilio}; the key in the rules
 * @param channels channels it can carry ({@code channels})
 * @param dataProcessingRegions residency zones it can process in, e.g. {@code eu}; a region with
 *     {@code data_residency: eu} only uses providers listing {@code eu} ({@code
 *     data_processing_regions})
 * @param carbonGramsPerMessage g CO2e per message on each of its channels ({@code
 *     carbon_g_per_message}); for SMS this is per segment, since each segment is a separate SMS
 */
public record ProviderProfile(
    String id,
    Set<Channel> channels,
    Set<String> dataProcessingRegions,
    Map<Channel, Double> carbonGramsPerMessage) {

  /** Validates the id, that channels and zones are given, and one carbon figure per channel. */
  public ProviderProfile {
    channels = Copies.enumSet(Channel.class, channels);
    dataProcessingRegions = Copies.sortedSet(dataProcessingRegions);
    carbonGramsPerMessage = Copies.enumMap(Channel.class, carbonGramsPerMessage);
    Violations v = new Violations();
    if (!Copies.isIdentifier(id)) {
      v.add("must be a lower-case identifier, but was '" + id + "'");
    }
    if (channels.isEmpty()) {
      v.add("must name at least one channel", "channels");
    }
    if (dataProcessingRegions.isEmpty()) {
      v.add("must name at least one zone", "data_processing_regions");
    }
    for (Channel c : channels) {
      Double grams = carbonGramsPerMessage.get(c);
      if (grams == null) {
        v.add("must give a figure for " + c.id(), "carbon_g_per_message");
      } else {
        v.requireNonNegative(grams, "carbon_g_per_message", c.id());
      }
    }
    for (Channel c : carbonGramsPerMessage.keySet()) {
      if (!channels.contains(c)) {
        v.add("is given but the provider does not carry " + c.id(), "carbon_g_per_message", c.id());
      }
    }
    v.throwIfAny();
  }
}
