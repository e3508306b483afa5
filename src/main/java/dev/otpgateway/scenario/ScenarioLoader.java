package dev.otpgateway.scenario;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.otpgateway.yaml.MappingReader;
import dev.otpgateway.yaml.YamlNode;
import dev.otpgateway.yaml.YamlProblemList;
import dev.otpgateway.yaml.YamlReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a scenario file strictly, as the routing rules are read: unknown keys, values of the wrong
 * kind or out of range, unknown providers and countries, provider settings the simulator would
 * refuse, and changes that contradict each other are all reported, each at its file and line, and
 * nothing is played.
 */
public final class ScenarioLoader {
  /** The longest traffic a scenario may start: runs stay bounded. */
  public static final Duration MAX_DURATION = Duration.ofMinutes(10);

  /** The longest people may take to finish after the traffic. */
  public static final Duration MAX_DRAIN = Duration.ofMinutes(5);

  /** Starts per second at most, legitimate and attack traffic each. */
  static final double MAX_RATE = 200;

  /** The simulated providers a scenario may script. */
  public static final Set<String> PROVIDERS = Set.of("twilio", "sinch", "messagebird", "rbm");

  private static final Set<String> COUNTRIES = PhoneNumberUtil.getInstance().getSupportedRegions();
  private static final Pattern PREFIX = Pattern.compile("\\+[1-9][0-9]{3,11}");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  /** What the simulator's control API would refuse in a provider's settings, field by field. */
  @FunctionalInterface
  public interface SettingsCheck {
    /**
     * @return field path (e.g. {@code countries.IN.silent_drop_rate}) to what is wrong; empty when
     *     the simulator takes them
     */
    Map<String, String> problems(String provider, JsonObject settings);
  }

  private final String file;
  private final SettingsCheck check;
  private final YamlProblemList problems = new YamlProblemList();

  private ScenarioLoader(String file, SettingsCheck check) {
    this.file = file;
    this.check = check;
  }

  /** Reads and checks a scenario file. */
  public static Scenario load(Path path, SettingsCheck check) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + path + ": " + e.getMessage(), e);
    }
    return parse(path.toString(), text, check);
  }

  /**
   * Checks a scenario's text.
   *
   * @throws ScenarioException with every problem, each at its line
   */
  public static Scenario parse(String file, String text, SettingsCheck check) {
    ScenarioLoader loader = new ScenarioLoader(file, check);
    YamlNode.Mapping root = YamlReader.read(file, text, loader.problems);
    Scenario scenario = root == null ? null : loader.scenario(root);
    if (!loader.problems.isEmpty() || scenario == null) {
      throw new ScenarioException(loader.problems.sorted());
    }
    return scenario;
  }

  private Scenario scenario(YamlNode.Mapping root) {
    MappingReader r = new MappingReader(file, "", root, problems);
    String name = r.string("name", true);
    String description = r.string("description", false);
    Long seed = r.integer("seed", false);
    Duration duration = ValueReader.duration(r, "duration", true, MAX_DURATION);
    if (duration != null && duration.isZero()) {
      r.fail(r.entry("duration", true).value().line(), "duration must be longer than 0");
      duration = null;
    }
    Duration drain = ValueReader.duration(r, "drain", false, MAX_DRAIN);
    String label = label(r, "label", false);
    Scenario.GatewaySettings gateway = gateway(r, "gateway");
    JsonObject tenant = json(r, "tenant");
    Scenario.Traffic traffic = traffic(r);
    Scenario.People people = people(r);
    Map<String, JsonObject> providers = providers(r);
    List<Scenario.Change> timeline = timeline(r, duration);
    Map<String, Map<String, Long>> monthToDate = monthToDate(r);
    List<Scenario.Attack> attacks = attacks(r, duration);
    List<Scenario.Watch> watches = report(r);
    String baseLabel = label == null ? "as-written" : label;
    List<Scenario.Variant> variants = variants(r, baseLabel, timeline);
    if (!r.finish() || duration == null || traffic == null || people == null) {
      return null;
    }
    return new Scenario(
        file,
        name,
        description == null ? "" : description,
        seed == null ? 1 : seed,
        duration,
        drain == null ? Duration.ofSeconds(90) : drain,
        baseLabel,
        gateway,
        tenant,
        traffic,
        people,
        providers,
        timeline,
        monthToDate,
        attacks,
        watches,
        variants);
  }

  private String label(MappingReader r, String key, boolean required) {
    String label = r.string(key, required);
    if (label != null && !LABEL.matcher(label).matches()) {
      r.fail(
          r.entry(key, true).value().line(),
          r.path(key)
              + " must be lower-case letters, digits and dashes (at most 40), but was '"
              + label
              + "'");
      return null;
    }
    return label;
  }

  private Scenario.GatewaySettings gateway(MappingReader parent, String key) {
    YamlNode.Mapping node = parent.mapping(key, false);
    if (node == null) {
      return new Scenario.GatewaySettings(null, null);
    }
    MappingReader r = parent.child(key, node);
    YamlNode.Entry conversionsEntry = r.entry("conversions", false);
    Boolean conversions = conversionsEntry == null ? null : r.bool("conversions", true);
    Long percent = r.integer("exploration_percent", false);
    if (percent != null && (percent < 0 || percent > 50)) {
      r.fail(
          r.entry("exploration_percent", true).value().line(),
          r.path("exploration_percent") + " must be from 0 to 50, but was " + percent);
      percent = null;
    }
    parent.absorb(r.finish());
    return new Scenario.GatewaySettings(conversions, percent == null ? null : percent.intValue());
  }

  private JsonObject json(MappingReader parent, String key) {
    YamlNode.Mapping node = parent.mapping(key, false);
    return node == null ? new JsonObject() : (JsonObject) toJson(node);
  }

  private Scenario.Traffic traffic(MappingReader parent) {
    YamlNode.Mapping node = parent.mapping("traffic", true);
    if (node == null) {
      return null;
    }
    MappingReader r = parent.child("traffic", node);
    Double rate = ValueReader.rate(r, "rate", true, MAX_RATE);
    Map<String, Double> countries = countryNumbers(r, "countries", true, false);
    Map<String, Double> rcs = countryNumbers(r, "rcs_capable", false, true);
    if (countries != null && rcs != null) {
      for (String country : rcs.keySet()) {
        if (!countries.containsKey(country)) {
          r.fail(
              YamlNode.lineAt(node, List.of("rcs_capable", country)),
              "traffic.rcs_capable." + country + " names a country traffic.countries does not");
        }
      }
    }
    boolean ok = r.finish();
    parent.absorb(ok);
    if (!ok || rate == null || countries == null) {
      return null;
    }
    return new Scenario.Traffic(rate, countries, rcs == null ? Map.of() : rcs);
  }

  /** Country → weight (> 0) or share (0 to 1). */
  private Map<String, Double> countryNumbers(
      MappingReader r, String key, boolean required, boolean shares) {
    YamlNode.Mapping node = r.mapping(key, required);
    if (node == null) {
      return null;
    }
    if (required && node.entries().isEmpty()) {
      r.fail(node.line(), r.path(key) + " must name at least one country");
      return null;
    }
    MappingReader c = r.child(key, node);
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, YamlNode.Entry> e : node.entries().entrySet()) {
      String country = e.getKey();
      String path = c.path(country);
      c.entry(country, true);
      if (!COUNTRIES.contains(country)) {
        c.fail(
            e.getValue().keyLine(),
            path + " is not an ISO 3166 country code (in capitals) that has phone numbers");
        continue;
      }
      if (shares) {
        Double share = ValueReader.share(c, e.getValue().value(), path);
        if (share != null) {
          out.put(country, share);
        }
      } else {
        java.math.BigDecimal weight = c.decimal(e.getValue().value(), path);
        if (weight != null && weight.signum() <= 0) {
          c.fail(e.getValue().value().line(), path + " must be a weight above 0");
        } else if (weight != null) {
          out.put(country, weight.doubleValue());
        }
      }
    }
    r.absorb(c.finish());
    return out;
  }

  private Scenario.People people(MappingReader parent) {
    YamlNode.Mapping node = parent.mapping("people", true);
    if (node == null) {
      return null;
    }
    MappingReader r = parent.child("people", node);
    Duration tenMinutes = Duration.ofMinutes(10);
    Double enter = ValueReader.share(r, "enter_code", true);
    Scenario.Spread read = ValueReader.spread(r, "read_delay", true, tenMinutes);
    Duration lookAgain = ValueReader.duration(r, "look_again_every", false, Duration.ofMinutes(1));
    if (lookAgain != null && lookAgain.toMillis() < 500) {
      r.fail(
          r.entry("look_again_every", true).value().line(),
          "people.look_again_every must be at least 500ms");
      lookAgain = null;
    }
    Scenario.Spread resendAfter = ValueReader.spread(r, "resend_after", false, tenMinutes);
    Double resendShare = ValueReader.share(r, "resend_share", false);
    Long maxResends = r.integer("max_resends", false);
    if (maxResends != null && (maxResends < 0 || maxResends > 3)) {
      r.fail(
          r.entry("max_resends", true).value().line(),
          "people.max_resends must be from 0 to 3, but was " + maxResends);
      maxResends = null;
    }
    Duration giveUp = ValueReader.duration(r, "give_up_after", false, tenMinutes);
    boolean ok = r.finish();
    parent.absorb(ok);
    if (!ok || enter == null || read == null) {
      return null;
    }
    return new Scenario.People(
        enter,
        read,
        lookAgain == null ? Duration.ofSeconds(3) : lookAgain,
        resendAfter == null
            ? new Scenario.Spread(Duration.ofSeconds(30), Duration.ofSeconds(60))
            : resendAfter,
        resendShare == null ? 0 : resendShare,
        maxResends == null ? 1 : maxResends.intValue(),
        giveUp == null ? Duration.ofSeconds(90) : giveUp);
  }

  private Map<String, JsonObject> providers(MappingReader parent) {
    YamlNode.Mapping node = parent.mapping("providers", false);
    Map<String, JsonObject> out = new TreeMap<>();
    if (node == null) {
      return out;
    }
    MappingReader r = parent.child("providers", node);
    for (Map.Entry<String, YamlNode.Entry> e : node.entries().entrySet()) {
      String provider = e.getKey();
      r.entry(provider, true);
      if (!knownProvider(r, provider, e.getValue().keyLine(), r.path(provider))) {
        continue;
      }
      JsonObject settings = settings(r, provider, e.getValue().value(), r.path(provider));
      if (settings != null) {
        out.put(provider, settings);
      }
    }
    parent.absorb(r.finish());
    return out;
  }

  private boolean knownProvider(MappingReader r, String provider, int line, String path) {
    if (!PROVIDERS.contains(provider)) {
      r.fail(
          line,
          path + " is not a simulated provider; known: " + new java.util.TreeSet<>(PROVIDERS));
      return false;
    }
    return true;
  }

  /** A provider's settings, checked as the simulator's control API would check them. */
  private JsonObject settings(MappingReader r, String provider, YamlNode value, String path) {
    if (!(value instanceof YamlNode.Mapping m)) {
      r.fail(value.line(), path + " must be a mapping of simulator settings");
      return null;
    }
    if (m.entries().containsKey("rcs_capable")) {
      r.fail(
          m.entries().get("rcs_capable").keyLine(),
          path
              + ".rcs_capable is set by the traffic: give traffic.rcs_capable the share of"
              + " RCS-capable handsets per country");
      return null;
    }
    JsonObject json = (JsonObject) toJson(m);
    Map<String, String> refused = check.problems(provider, json);
    refused.forEach(
        (field, message) ->
            r.fail(
                YamlNode.lineAt(m, List.of((Object[]) field.split("\\."))),
                path + "." + field + ": " + message));
    return refused.isEmpty() ? json : null;
  }

  private List<Scenario.Change> timeline(MappingReader parent, Duration duration) {
    YamlNode.Entry entry = parent.entry("timeline", false);
    List<Scenario.Change> out = new ArrayList<>();
    if (entry == null) {
      return out;
    }
    YamlNode.Sequence seq = parent.sequence(entry.value(), "timeline");
    if (seq == null) {
      return out;
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String path = "timeline[" + i + "]";
      MappingReader r = new MappingReader(file, path, item, problems);
      String name = label(r, "name", false);
      if (name != null && !names.add(name)) {
        r.fail(r.entry("name", true).value().line(), path + ".name '" + name + "' is used twice");
      }
      Duration at = ValueReader.duration(r, "at", true, MAX_DURATION);
      Duration until = until(r, duration);
      String provider = r.string("provider", true);
      YamlNode.Entry set = r.entry("set", true);
      JsonObject settings = null;
      if (provider != null
          && knownProvider(
              r, provider, r.entry("provider", true).value().line(), path + ".provider")
          && set != null) {
        settings = settings(r, provider, set.value(), path + ".set");
      }
      within(r, path, "at", at, duration);
      if (at != null && until != null && until.compareTo(at) <= 0) {
        r.fail(r.entry("until", true).value().line(), path + ".until must be after at");
        until = null;
      }
      boolean ok = r.finish();
      parent.absorb(ok);
      if (ok && at != null && settings != null) {
        out.add(new Scenario.Change(name, at, until, provider, settings, item.line()));
      }
    }
    overlaps(parent, out, duration);
    return out;
  }

  /** {@code until}: a duration into the run, or {@code end} (also when absent). */
  private Duration until(MappingReader r, Duration duration) {
    YamlNode.Entry e = r.entry("until", false);
    if (e == null || (e.value() instanceof YamlNode.Scalar s && "end".equals(s.text().strip()))) {
      return null;
    }
    Duration until = ValueReader.duration(r, e.value(), r.path("until"), MAX_DURATION);
    within(r, r.path(""), "until", until, duration);
    return until;
  }

  private static void within(
      MappingReader r, String path, String key, Duration value, Duration duration) {
    if (value != null && duration != null && value.compareTo(duration) > 0) {
      String p = path.endsWith(".") ? path + key : path + "." + key;
      r.fail(
          r.entry(key, true).value().line(),
          p.replace("..", ".")
              + " is past the end of the traffic (duration "
              + ValueReader.human(duration)
              + ")");
    }
  }

  /**
   * Two changes of the same provider that set the same field at the same time would leave what
   * happens to the order they were written in: refused.
   */
  private void overlaps(MappingReader r, List<Scenario.Change> changes, Duration duration) {
    for (int j = 0; j < changes.size(); j++) {
      Scenario.Change later = changes.get(j);
      for (int i = 0; i < j; i++) {
        Scenario.Change earlier = changes.get(i);
        if (!earlier.provider().equals(later.provider()) || duration == null) {
          continue;
        }
        Set<String> common = fields(later.set());
        common.retainAll(fields(earlier.set()));
        Duration laterEnd = later.until() == null ? duration : later.until();
        Duration earlierEnd = earlier.until() == null ? duration : earlier.until();
        if (!common.isEmpty()
            && later.at().compareTo(earlierEnd) < 0
            && earlier.at().compareTo(laterEnd) < 0) {
          r.fail(
              later.line(),
              "this change sets "
                  + later.provider()
                  + " "
                  + common.iterator().next()
                  + " while the change at line "
                  + earlier.line()
                  + " does too: let one end before the other starts");
        }
      }
    }
  }

  /** The fields a change sets, per country for {@code countries}: {@code countries.IN.down}. */
  private static Set<String> fields(JsonObject set) {
    Set<String> out = new LinkedHashSet<>();
    for (String field : set.fieldNames()) {
      if ("countries".equals(field) && set.getValue(field) instanceof JsonObject countries) {
        for (String country : countries.fieldNames()) {
          Object patch = countries.getValue(country);
          if (patch instanceof JsonObject p) {
            p.fieldNames().forEach(f -> out.add("countries." + country + "." + f));
          } else {
            out.add("countries." + country);
          }
        }
      } else {
        out.add(field);
      }
    }
    return out;
  }

  private Map<String, Map<String, Long>> monthToDate(MappingReader parent) {
    YamlNode.Mapping node = parent.mapping("month_to_date", false);
    Map<String, Map<String, Long>> out = new TreeMap<>();
    if (node == null) {
      return out;
    }
    MappingReader r = parent.child("month_to_date", node);
    for (Map.Entry<String, YamlNode.Entry> region : node.entries().entrySet()) {
      r.entry(region.getKey(), true);
      MappingReader p = r.child(region.getKey(), region.getValue().value());
      Map<String, Long> units = new TreeMap<>();
      for (Map.Entry<String, YamlNode.Entry> e : p.node().entries().entrySet()) {
        String provider = e.getKey();
        Long n = p.integer(provider, true);
        if (!knownProvider(p, provider, e.getValue().keyLine(), p.path(provider))) {
          continue;
        }
        if (n != null && n < 0) {
          p.fail(e.getValue().value().line(), p.path(provider) + " must be 0 or more units");
        } else if (n != null) {
          units.put(provider, n);
        }
      }
      r.absorb(p.finish());
      out.put(region.getKey(), units);
    }
    parent.absorb(r.finish());
    return out;
  }

  private List<Scenario.Attack> attacks(MappingReader parent, Duration duration) {
    YamlNode.Entry entry = parent.entry("attacks", false);
    List<Scenario.Attack> out = new ArrayList<>();
    if (entry == null) {
      return out;
    }
    YamlNode.Sequence seq = parent.sequence(entry.value(), "attacks");
    if (seq == null) {
      return out;
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String path = "attacks[" + i + "]";
      MappingReader r = new MappingReader(file, path, seq.items().get(i), problems);
      String name = label(r, "name", true);
      if (name != null && !names.add(name)) {
        r.fail(r.entry("name", true).value().line(), path + ".name '" + name + "' is used twice");
      }
      Duration from = ValueReader.duration(r, "from", true, MAX_DURATION);
      Duration until = until(r, duration);
      within(r, path, "from", from, duration);
      if (from != null && until != null && until.compareTo(from) <= 0) {
        r.fail(r.entry("until", true).value().line(), path + ".until must be after from");
      }
      Double rate = ValueReader.rate(r, "rate", true, MAX_RATE);
      YamlNode.Mapping numbersNode = r.mapping("numbers", true);
      String prefix = null;
      Long count = null;
      boolean scattered = false;
      if (numbersNode != null) {
        MappingReader n = r.child("numbers", numbersNode);
        prefix = n.string("prefix", true);
        if (prefix != null && !PREFIX.matcher(prefix).matches()) {
          n.fail(
              n.entry("prefix", true).value().line(),
              n.path("prefix") + " must be + and 4 to 12 digits, but was '" + prefix + "'");
          prefix = null;
        }
        String order = n.string("order", false);
        if (order != null && !order.equals("walk") && !order.equals("scattered")) {
          n.fail(
              n.entry("order", true).value().line(),
              n.path("order") + " must be walk or scattered, but was '" + order + "'");
        }
        scattered = "scattered".equals(order);
        count = n.integer("count", true);
        if (count != null && (count < 1 || count > 100_000)) {
          n.fail(
              n.entry("count", true).value().line(),
              n.path("count") + " must be from 1 to 100000, but was " + count);
          count = null;
        }
        r.absorb(n.finish());
      }
      Double enter = ValueReader.share(r, "enter_code", false);
      boolean ok = r.finish();
      parent.absorb(ok);
      if (ok && name != null && from != null && rate != null && prefix != null && count != null) {
        out.add(
            new Scenario.Attack(
                name,
                from,
                until,
                rate,
                prefix,
                count.intValue(),
                enter == null ? 0 : enter,
                scattered));
      }
    }
    return out;
  }

  private List<Scenario.Watch> report(MappingReader parent) {
    YamlNode.Mapping node = parent.mapping("report", false);
    List<Scenario.Watch> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    MappingReader r = parent.child("report", node);
    YamlNode.Entry watch = r.entry("watch", false);
    YamlNode.Sequence seq = watch == null ? null : r.sequence(watch.value(), "report.watch");
    if (seq != null) {
      for (int i = 0; i < seq.items().size(); i++) {
        String path = "report.watch[" + i + "]";
        MappingReader w = new MappingReader(file, path, seq.items().get(i), problems);
        String provider = w.string("provider", true);
        String country = w.string("country", true);
        Long block = w.integer("block", false);
        if (provider != null) {
          knownProvider(w, provider, w.entry("provider", true).value().line(), path + ".provider");
        }
        if (country != null && !COUNTRIES.contains(country)) {
          w.fail(
              w.entry("country", true).value().line(),
              path + ".country is not an ISO 3166 country code (in capitals) with phone numbers");
        }
        if (block != null && (block < 10 || block > 1_000)) {
          w.fail(
              w.entry("block", true).value().line(),
              path + ".block must be from 10 to 1000, but was " + block);
        }
        boolean ok = w.finish();
        r.absorb(ok);
        if (ok && provider != null && country != null) {
          out.add(new Scenario.Watch(provider, country, block == null ? 50 : block.intValue()));
        }
      }
    }
    parent.absorb(r.finish());
    return out;
  }

  private List<Scenario.Variant> variants(
      MappingReader parent, String baseLabel, List<Scenario.Change> timeline) {
    YamlNode.Entry entry = parent.entry("variants", false);
    List<Scenario.Variant> out = new ArrayList<>();
    if (entry == null) {
      return out;
    }
    YamlNode.Sequence seq = parent.sequence(entry.value(), "variants");
    if (seq == null) {
      return out;
    }
    Set<String> labels = new LinkedHashSet<>(List.of(baseLabel));
    Set<String> changeNames = new LinkedHashSet<>();
    timeline.forEach(c -> changeNames.add(c.name()));
    for (int i = 0; i < seq.items().size(); i++) {
      String path = "variants[" + i + "]";
      MappingReader r = new MappingReader(file, path, seq.items().get(i), problems);
      String label = label(r, "label", true);
      if (label != null && !labels.add(label)) {
        r.fail(
            r.entry("label", true).value().line(),
            path + ".label '" + label + "' is already the label of another run");
      }
      Scenario.GatewaySettings gateway = gateway(r, "gateway");
      JsonObject tenant = json(r, "tenant");
      List<String> without = r.strings("without", false);
      if (without != null) {
        for (String name : without) {
          if (!changeNames.contains(name)) {
            r.fail(
                YamlNode.lineAt(r.node(), List.of("without")),
                path + ".without names '" + name + "', which no timeline change is called");
          }
        }
      }
      boolean ok = r.finish();
      parent.absorb(ok);
      if (ok && label != null) {
        out.add(
            new Scenario.Variant(
                label, gateway, without == null ? Set.of() : new LinkedHashSet<>(without), tenant));
      }
    }
    return out;
  }

  /** A YAML value as the JSON the HTTP APIs take. */
  static Object toJson(YamlNode node) {
    if (node instanceof YamlNode.Mapping m) {
      Map<String, Object> fields = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> fields.put(k, toJson(e.value())));
      return new JsonObject(fields);
    }
    if (node instanceof YamlNode.Sequence s) {
      JsonArray items = new JsonArray();
      s.items().forEach(item -> items.add(toJson(item)));
      return items;
    }
    YamlNode.Scalar scalar = (YamlNode.Scalar) node;
    String text = scalar.text();
    return switch (scalar.kind()) {
      case NULL -> null;
      case BOOLEAN -> Boolean.parseBoolean(text);
      case INTEGER -> {
        try {
          yield Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
          yield text;
        }
      }
      case DECIMAL -> {
        try {
          yield Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
          yield text;
        }
      }
      case STRING -> text;
    };
  }
}
