package dev.otpgateway.routing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules version: {@code sha256:} and the SHA-256 of a canonical JSON form of the parsed model
 * (keys sorted, no whitespace, defaults written out, absent optional values omitted). So comments,
 * key order, quoting, file layout and {@code 0.007} versus {@code 0.0070} leave it unchanged, and
 * any change that can alter a decision changes it.
 */
final class RulesVersion {
  private RulesVersion() {}

  /** The version of canonical content: {@code sha256:} and its hex SHA-256. */
  static String of(String canonical) {
    return "sha256:" + sha256Hex(canonical);
  }

  /** The canonical JSON form of the parsed model, which the version is the hash of. */
  static String canonical(
      String baselineProvider,
      Weights defaultWeights,
      Map<String, Provider> providers,
      Map<String, Region> regions,
      Map<String, Weights> tenantWeights) {
    Map<String, Object> root = new TreeMap<>();
    root.put("baseline_provider", baselineProvider);
    root.put("weights", weights(defaultWeights));
    Map<String, Object> ps = new TreeMap<>();
    providers.forEach((id, p) -> ps.put(id, provider(p)));
    root.put("providers", ps);
    Map<String, Object> rs = new TreeMap<>();
    regions.forEach((id, r) -> rs.put(id, region(r)));
    root.put("regions", rs);
    Map<String, Object> ts = new TreeMap<>();
    tenantWeights.forEach((id, w) -> ts.put(id, Map.of("weights", weights(w))));
    root.put("tenants", ts);
    StringBuilder json = new StringBuilder(4096);
    write(root, json);
    return json.toString();
  }

  private static Map<String, Object> provider(Provider p) {
    Map<String, Object> m = new TreeMap<>();
    m.put("channels", ids(p.channels()));
    m.put("data_processing_regions", new ArrayList<>(p.dataProcessingRegions()));
    Map<String, Object> carbon = new TreeMap<>();
    p.carbonGramsPerMessage().forEach((c, g) -> carbon.put(c.id(), g));
    m.put("carbon_g_per_message", carbon);
    return m;
  }

  private static Map<String, Object> region(Region r) {
    Map<String, Object> m = new TreeMap<>();
    m.put("countries", new ArrayList<>(r.countries()));
    m.put("channels", ids(r.channels()));
    Map<String, Object> timeouts = new TreeMap<>();
    r.deliveryTimeouts().forEach((c, d) -> timeouts.put(c.id(), d.toMillis()));
    m.put("delivery_timeout_ms", timeouts);
    Map<String, Object> compliance = new TreeMap<>();
    compliance.put("consent_required", r.compliance().consentRequired());
    compliance.put("sms_allowed_for_risk", ids(r.compliance().smsAllowedForRisk()));
    putIfSet(compliance, "data_residency", r.compliance().dataResidency());
    compliance.put(
        "sender_registration", r.compliance().senderRegistrationRequired() ? "required" : "none");
    m.put("compliance", compliance);
    if (r.weights() != null) {
      m.put("weights", weights(r.weights()));
    }
    putIfSet(m, "baseline_provider", r.baselineProvider());
    Map<String, Object> routes = new TreeMap<>();
    r.providers().forEach((id, route) -> routes.put(id, route(route)));
    m.put("providers", routes);
    return m;
  }

  private static Map<String, Object> route(ProviderRoute route) {
    Map<String, Object> m = new TreeMap<>();
    m.put("sender_id", route.senderId());
    putIfSet(m, "template_id", route.templateId());
    m.put("sender_registered", route.senderRegistered());
    m.put("latency_ms", route.expectedLatencyMs());
    Map<String, Object> prices = new TreeMap<>();
    route
        .prices()
        .forEach(
            (c, schedule) -> {
              List<Object> tiers = new ArrayList<>();
              for (PriceTier t : schedule.tiers()) {
                tiers.add(Map.of("above", t.above(), "usd", t.usd()));
              }
              prices.put(c.id(), tiers);
            });
    m.put("prices", prices);
    return m;
  }

  private static Map<String, Object> weights(Weights w) {
    return Map.of(
        "cost", w.cost(), "latency", w.latency(), "carbon", w.carbon(), "quality", w.quality());
  }

  private static List<Object> ids(Collection<? extends Enum<?>> values) {
    List<Object> out = new ArrayList<>();
    for (Enum<?> e : values) {
      out.add(e instanceof Channel c ? c.id() : ((Risk) e).id());
    }
    out.sort(null);
    return out;
  }

  private static void putIfSet(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      // Sort here too: Map.of has no order, and the hash must not depend on one.
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        writeString(e.getKey().toString(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof BigDecimal d) {
      out.append(d.stripTrailingZeros().toPlainString());
    } else {
      // Long, Double and Boolean print deterministically with toString.
      out.append(value);
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
