package dev.otpgateway.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that span values or documents: names that must refer to something, countries claimed
 * twice, and regions where the constraints leave some allowed channel without any provider. Runs
 * after {@link RulesParser}, on whatever parsed cleanly, and reports every finding.
 */
final class RulesChecker {
  private final RulesParser parsed;
  private final ProblemCollector problems;
  private final String firstFile;

  private RulesChecker(RulesParser parsed, ProblemCollector problems, String firstFile) {
    this.parsed = parsed;
    this.problems = problems;
    this.firstFile = firstFile;
  }

  /** Adds every cross-reference problem of {@code parsed} to {@code problems}. */
  static void check(RulesParser parsed, ProblemCollector problems, String firstFile) {
    new RulesChecker(parsed, problems, firstFile).checkAll();
  }

  private void checkAll() {
    checkTopLevel();
    // With an invalid provider, coverage and baseline checks would report its absence again.
    boolean providersComplete = parsed.providers.size() == declared("providers").size();
    Map<String, Located<Region>> claimedBy = new HashMap<>();
    for (Located<Region> region : parsed.regions.values()) {
      boolean routesOk = checkRoutes(region);
      checkCountries(region, claimedBy);
      if (routesOk
          && providersComplete
          && !parsed.incompleteRegions.contains(region.value().id())) {
        checkBaseline(region);
        checkCoverage(region);
      }
    }
  }

  private void checkTopLevel() {
    Located<String> baseline = parsed.baselineProvider;
    if (baseline != null && !declared("providers").contains(baseline.value())) {
      problems.add(
          baseline.file(),
          baseline.line(),
          "baseline_provider " + unknownProvider(baseline.value()));
    }
    if (parsed.unreadableDocument) {
      // What looks missing may be in the document that could not be read: saying so would mislead.
      return;
    }
    if (!parsed.baselineDeclared) {
      problems.add(firstFile, 0, "baseline_provider must be set (in any rules file)");
    }
    if (!parsed.weightsDeclared) {
      problems.add(firstFile, 0, "weights must be set (in any rules file)");
    }
    if (declared("providers").isEmpty()) {
      problems.add(firstFile, 0, "providers must define at least one provider");
    }
    if (!declared("regions").contains(Region.DEFAULT)) {
      String file = parsed.regionsFile == null ? firstFile : parsed.regionsFile;
      problems.add(
          file,
          parsed.regionsFile == null ? 0 : parsed.regionsLine,
          "regions must define a '"
              + Region.DEFAULT
              + "' region, for countries no other region names");
    }
  }

  /** Names refer to providers, and price lists match what provider and region both allow. */
  private boolean checkRoutes(Located<Region> located) {
    Region region = located.value();
    boolean ok = true;
    String baseline = region.baselineProvider();
    if (baseline != null && !declared("providers").contains(baseline)) {
      problems.add(
          located.file(),
          located.lineAt("baseline_provider"),
          located.path() + ".baseline_provider " + unknownProvider(baseline));
      ok = false;
    }
    for (ProviderRoute route : region.providers().values()) {
      String path = located.path() + ".providers." + route.provider();
      Located<ProviderProfile> provider = parsed.providers.get(route.provider());
      if (provider == null && declared("providers").contains(route.provider())) {
        // Defined but invalid: its own problem is reported; nothing more to check against it.
        ok = false;
        continue;
      }
      if (provider == null) {
        problems.add(
            located.file(),
            located.lineAt("providers", route.provider()),
            path + " " + unknownProvider(route.provider()));
        ok = false;
        continue;
      }
      Set<Channel> expected = EnumSet.noneOf(Channel.class);
      expected.addAll(provider.value().channels());
      expected.retainAll(region.channels());
      for (Channel c : expected) {
        if (!route.prices().containsKey(c)) {
          problems.add(
              located.file(),
              located.lineAt("providers", route.provider(), "prices"),
              path
                  + ".prices must give "
                  + c.id()
                  + ": "
                  + route.provider()
                  + " carries it and "
                  + "region "
                  + region.id()
                  + " allows it");
          ok = false;
        }
      }
      for (Channel c : route.prices().keySet()) {
        if (!provider.value().channels().contains(c)) {
          problems.add(
              located.file(),
              located.lineAt("providers", route.provider(), "prices", c.id()),
              path
                  + ".prices."
                  + c.id()
                  + " is given but "
                  + route.provider()
                  + " does not carry "
                  + c.id()
                  + " (see "
                  + provider.where()
                  + ")");
          ok = false;
        }
      }
    }
    return ok;
  }

  private void checkCountries(Located<Region> located, Map<String, Located<Region>> claimedBy) {
    for (String country : located.value().countries()) {
      Located<Region> first = claimedBy.putIfAbsent(country, located);
      if (first != null) {
        problems.add(
            located.file(),
            located.lineAt("countries", new InvalidValueException.Item(country)),
            located.path()
                + ".countries has "
                + country
                + ", which "
                + first.path()
                + " already has ("
                + first.file()
                + ":"
                + first.lineAt("countries", new InvalidValueException.Item(country))
                + ")");
      }
    }
  }

  /** Finance needs the baseline's SMS price in every region. */
  private void checkBaseline(Located<Region> located) {
    Region region = located.value();
    String baseline =
        region.baselineProvider() != null
            ? region.baselineProvider()
            : parsed.baselineProvider == null ? null : parsed.baselineProvider.value();
    if (baseline == null || !parsed.providers.containsKey(baseline)) {
      return;
    }
    ProviderRoute route = region.providers().get(baseline);
    if (route == null || !route.prices().containsKey(Channel.SMS)) {
      problems.add(
          located.file(),
          located.line(),
          located.path()
              + " has no sms price for the baseline provider "
              + baseline
              + ", which finance reports need");
    }
  }

  /**
   * Every channel the region allows must keep at least one provider after the rule filters, or
   * messages there would fail at run time with nothing to try.
   */
  private void checkCoverage(Located<Region> located) {
    Region region = located.value();
    RuleFilter[] filters = RuleFilter.inOrder();
    for (Channel channel : region.channels()) {
      List<String> why = new ArrayList<>();
      boolean carried = false;
      for (Located<ProviderProfile> p : parsed.providers.values()) {
        ProviderProfile provider = p.value();
        if (!provider.channels().contains(channel)) {
          continue;
        }
        String detail = null;
        for (RuleFilter f : filters) {
          detail = f.exclude(region, provider, channel);
          if (detail != null) {
            why.add(provider.id() + " " + f.reason().code());
            break;
          }
        }
        carried |= detail == null;
      }
      if (!carried) {
        problems.add(
            located.file(),
            located.lineAt("channels", new InvalidValueException.Item(channel.id())),
            located.path()
                + " allows "
                + channel.id()
                + " but no provider can carry it there"
                + (why.isEmpty() ? "" : ": " + String.join(", ", why)));
      }
    }
  }

  private Set<String> declared(String section) {
    return parsed.declared.getOrDefault(section, Set.of());
  }

  private String unknownProvider(String name) {
    return "names '"
        + name
        + "', which is not defined in providers (defined: "
        + String.join(", ", parsed.providers.keySet())
        + ")";
  }
}
