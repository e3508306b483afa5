package dev.otpgateway.routing;

import dev.otpgateway.yaml.MappingReader;
import dev.otpgateway.yaml.YamlNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one YAML mapping of a rules document into one model value (a provider, a region and its
 * provider entries, weights), reporting each problem at its line. Model constructors do the value
 * checks; this class does the types and the keys.
 */
final class ValueReader {
  private final String file;
  private final ProblemCollector problems;

  ValueReader(String file, ProblemCollector problems) {
    this.file = file;
    this.problems = problems;
  }

  /** A region, and whether all of its provider entries were valid (see {@link #region}). */
  record RegionRead(Region region, boolean complete) {}

  ProviderProfile provider(String path, String id, YamlNode.Mapping node) {
    MappingReader r = new MappingReader(file, path, node, problems);
    Set<Channel> channels = channels(r, "channels");
    List<String> zones = r.strings("data_processing_regions", true);
    Map<Channel, Double> carbon = new EnumMap<>(Channel.class);
    YamlNode.Mapping carbonNode = r.mapping("carbon_g_per_message", true);
    if (carbonNode != null) {
      MappingReader c = r.child("carbon_g_per_message", carbonNode);
      for (Channel ch : Channel.values()) {
        BigDecimal g = c.decimal(ch.id(), false);
        if (g != null) {
          carbon.put(ch, g.doubleValue());
        }
      }
      r.absorb(c.finish());
    }
    if (!r.finish()) {
      return null;
    }
    return build(path, node, () -> new ProviderProfile(id, channels, Set.copyOf(zones), carbon));
  }

  /**
   * Reads a region. When only some provider entries are invalid, the region is still built from the
   * valid ones and marked incomplete, so its countries and names are still checked.
   */
  RegionRead region(String path, String id, YamlNode.Mapping node) {
    MappingReader r = new MappingReader(file, path, node, problems);
    List<String> countries = r.strings("countries", !Region.DEFAULT.equals(id));
    Set<Channel> channels = channels(r, "channels");
    Map<Channel, Duration> timeouts = timeouts(r);
    YamlNode.Mapping complianceNode = r.mapping("compliance", false);
    Compliance compliance =
        complianceNode == null ? Compliance.NONE : compliance(r.path("compliance"), complianceNode);
    YamlNode.Mapping weightsNode = r.mapping("weights", false);
    Weights weights = weightsNode == null ? null : weights(r.path("weights"), weightsNode);
    String baseline = r.string("baseline_provider", false);
    Map<String, ProviderRoute> routes = new TreeMap<>();
    YamlNode.Mapping routesNode = r.mapping("providers", true);
    boolean routesOk = true;
    if (routesNode != null) {
      for (Map.Entry<String, YamlNode.Entry> e : routesNode.entries().entrySet()) {
        YamlNode.Mapping routeNode = e.getValue().value() instanceof YamlNode.Mapping m ? m : null;
        String routePath = r.path("providers") + "." + e.getKey();
        if (routeNode == null) {
          problems.add(
              file, e.getValue().keyLine(), routePath + " must be a mapping of keys to values");
          routesOk = false;
          continue;
        }
        ProviderRoute route = route(routePath, e.getKey(), routeNode);
        if (route == null) {
          routesOk = false;
        } else {
          routes.put(e.getKey(), route);
        }
      }
    }
    boolean ok = r.finish() && compliance != null && (weightsNode == null || weights != null);
    if (!ok || (!routesOk && routes.isEmpty())) {
      return null;
    }
    List<String> countryList = countries == null ? List.of() : countries;
    Region region =
        build(
            path,
            node,
            () ->
                new Region(
                    id,
                    Set.copyOf(countryList),
                    channels,
                    timeouts,
                    compliance,
                    weights,
                    baseline,
                    routes));
    return region == null ? null : new RegionRead(region, routesOk);
  }

  private ProviderRoute route(String path, String provider, YamlNode.Mapping node) {
    MappingReader r = new MappingReader(file, path, node, problems);
    String sender = r.string("sender_id", true);
    String template = r.string("template_id", false);
    boolean registered = r.bool("sender_registered", false);
    Long latency = r.integer("latency_ms", true);
    Map<Channel, PriceSchedule> prices = new EnumMap<>(Channel.class);
    YamlNode.Mapping pricesNode = r.mapping("prices", true);
    if (pricesNode != null) {
      MappingReader p = r.child("prices", pricesNode);
      for (Channel ch : Channel.values()) {
        YamlNode.Entry e = p.entry(ch.id(), false);
        if (e != null) {
          PriceSchedule schedule = schedule(p.path(ch.id()), e.value(), p);
          p.absorb(schedule != null);
          if (schedule != null) {
            prices.put(ch, schedule);
          }
        }
      }
      r.absorb(p.finish());
    }
    if (!r.finish()) {
      return null;
    }
    return build(
        path,
        node,
        () -> new ProviderRoute(provider, sender, template, registered, latency, prices));
  }

  private PriceSchedule schedule(String path, YamlNode value, MappingReader owner) {
    YamlNode.Sequence seq = owner.sequence(value, path);
    if (seq == null) {
      return null;
    }
    List<PriceTier> tiers = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String tierPath = path + "[" + i + "]";
      MappingReader t = new MappingReader(file, tierPath, item, problems);
      Long above = t.integer("above", true);
      BigDecimal usd = t.decimal("usd", true);
      if (!t.finish()) {
        ok = false;
        continue;
      }
      PriceTier tier = build(tierPath, item, () -> new PriceTier(above, usd));
      if (tier == null) {
        ok = false;
      } else {
        tiers.add(tier);
      }
    }
    return ok ? build(path, seq, () -> new PriceSchedule(tiers)) : null;
  }

  private Compliance compliance(String path, YamlNode.Mapping node) {
    MappingReader r = new MappingReader(file, path, node, problems);
    boolean consent = r.bool("consent_required", false);
    Set<Risk> risks = EnumSet.allOf(Risk.class);
    List<String> riskNames = r.strings("sms_allowed_for_risk", false);
    if (riskNames != null) {
      risks.clear();
      for (String name : riskNames) {
        Risk risk = Risk.fromId(name);
        if (risk == null) {
          r.fail(
              YamlNode.lineAt(
                  node, List.of("sms_allowed_for_risk", new InvalidValueException.Item(name))),
              r.path("sms_allowed_for_risk") + " must list low or high, but has '" + name + "'");
        } else {
          risks.add(risk);
        }
      }
    }
    String residency = r.string("data_residency", false);
    String registration = r.string("sender_registration", false);
    boolean registrationRequired = "required".equals(registration);
    if (registration != null && !registrationRequired && !"none".equals(registration)) {
      r.fail(
          YamlNode.lineAt(node, List.of("sender_registration")),
          r.path("sender_registration")
              + " must be required or none, but was '"
              + registration
              + "'");
    }
    if (!r.finish()) {
      return null;
    }
    return build(path, node, () -> new Compliance(consent, risks, residency, registrationRequired));
  }

  Weights weights(String path, YamlNode.Mapping node) {
    MappingReader r = new MappingReader(file, path, node, problems);
    BigDecimal cost = r.decimal("cost", true);
    BigDecimal latency = r.decimal("latency", true);
    BigDecimal carbon = r.decimal("carbon", true);
    BigDecimal quality = r.decimal("quality", true);
    if (!r.finish()) {
      return null;
    }
    return build(
        path,
        node,
        () ->
            new Weights(
                cost.doubleValue(),
                latency.doubleValue(),
                carbon.doubleValue(),
                quality.doubleValue()));
  }

  private Set<Channel> channels(MappingReader r, String key) {
    List<String> names = r.strings(key, true);
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    if (names == null) {
      return out;
    }
    for (String name : names) {
      Channel c = Channel.fromId(name);
      if (c == null) {
        r.fail(
            YamlNode.lineAt(r.node(), List.of(key, new InvalidValueException.Item(name))),
            r.path(key) + " must list sms or rcs, but has '" + name + "'");
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private Map<Channel, Duration> timeouts(MappingReader r) {
    Map<Channel, Duration> out = new EnumMap<>(Channel.class);
    YamlNode.Mapping node = r.mapping("delivery_timeout_ms", true);
    if (node == null) {
      return out;
    }
    MappingReader t = r.child("delivery_timeout_ms", node);
    for (Channel ch : Channel.values()) {
      Long ms = t.integer(ch.id(), false);
      if (ms != null) {
        out.put(ch, Duration.ofMillis(ms));
      }
    }
    r.absorb(t.finish());
    return out;
  }

  private interface Builder<T> {
    T build();
  }

  /** Runs a model constructor, turning its violations into problems at the right lines. */
  private <T> T build(String path, YamlNode node, Builder<T> builder) {
    try {
      return builder.build();
    } catch (InvalidValueException e) {
      problems.addAll(file, node, path, e);
      return null;
    }
  }
}
