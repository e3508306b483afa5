package dev.otpgateway.routing;

import dev.otpgateway.yaml.MappingReader;
import dev.otpgateway.yaml.YamlNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns YAML documents into model values, one section at a time. Any document may hold any of the
 * top-level sections ({@code baseline_provider}, {@code weights}, {@code providers}, {@code
 * regions}, {@code tenants}); entries of one section may be spread over documents (e.g. one file
 * per region) but each may be defined once. The file layout is for reviewers, not for the model.
 */
final class RulesParser {
  private final ProblemCollector problems;

  Located<String> baselineProvider;
  Located<Weights> defaultWeights;
  final Map<String, Located<ProviderProfile>> providers = new TreeMap<>();
  final Map<String, Located<Region>> regions = new TreeMap<>();
  final Map<String, Located<Weights>> tenantWeights = new TreeMap<>();

  /**
   * Regions whose own keys are valid but some provider entry is not: kept, so their countries and
   * names are still checked, but skipped by the coverage check, which would only echo the entry's
   * problem.
   */
  final Set<String> incompleteRegions = new TreeSet<>();

  /** Whether a section was written at all, even if invalid: only absent ones are "missing". */
  boolean baselineDeclared;

  boolean weightsDeclared;

  /**
   * Every entry id written under each section ({@code providers}, {@code regions}, {@code
   * tenants}), valid or not: an entry with its own problems is not also "undefined" or "missing".
   */
  final Map<String, Set<String>> declared = new TreeMap<>();

  /** Whether some document could not be read at all: then nothing can be called missing. */
  boolean unreadableDocument;

  /** Where the first {@code regions:} section was, to blame a missing default region on it. */
  String regionsFile;

  int regionsLine;

  RulesParser(ProblemCollector problems) {
    this.problems = problems;
  }

  void parseDocument(String file, YamlNode.Mapping root) {
    ValueReader values = new ValueReader(file, problems);
    MappingReader top = new MappingReader(file, "", root, problems);
    YamlNode.Entry baseline = top.entry("baseline_provider", false);
    baselineDeclared |= baseline != null;
    if (baseline != null) {
      String id = top.string("baseline_provider", true);
      if (id != null) {
        baselineProvider =
            once(baselineProvider, new Located<>(id, file, baseline.value(), "baseline_provider"));
      }
    }
    weightsDeclared |= root.entries().containsKey("weights");
    YamlNode.Mapping weights = top.mapping("weights", false);
    if (weights != null) {
      Weights w = values.weights("weights", weights);
      if (w != null) {
        defaultWeights = once(defaultWeights, new Located<>(w, file, weights, "weights"));
      }
    }
    eachEntry(
        file,
        top,
        "providers",
        (path, id, node) -> {
          ProviderProfile p = values.provider(path, id, node);
          if (p != null) {
            define(providers, id, new Located<>(p, file, node, path));
          }
        });
    YamlNode.Entry regionsEntry = root.entries().get("regions");
    if (regionsEntry != null && regionsFile == null) {
      regionsFile = file;
      regionsLine = regionsEntry.keyLine();
    }
    eachEntry(
        file,
        top,
        "regions",
        (path, id, node) -> {
          ValueReader.RegionRead read = values.region(path, id, node);
          if (read != null) {
            define(regions, id, new Located<>(read.region(), file, node, path));
            if (!read.complete()) {
              incompleteRegions.add(id);
            }
          }
        });
    eachEntry(
        file,
        top,
        "tenants",
        (path, id, node) -> {
          MappingReader t = new MappingReader(file, path, node, problems);
          YamlNode.Mapping wNode = t.mapping("weights", true);
          Weights w = wNode == null ? null : values.weights(path + ".weights", wNode);
          if (t.finish() && w != null) {
            define(tenantWeights, id, new Located<>(w, file, wNode, path + ".weights"));
          }
        });
    top.finish();
  }

  private interface EntryParser {
    void parse(String path, String id, YamlNode.Mapping node);
  }

  private void eachEntry(String file, MappingReader top, String section, EntryParser parser) {
    YamlNode.Mapping m = top.mapping(section, false);
    if (m == null) {
      return;
    }
    for (Map.Entry<String, YamlNode.Entry> e : m.entries().entrySet()) {
      declared.computeIfAbsent(section, k -> new TreeSet<>()).add(e.getKey());
      String path = section + "." + e.getKey();
      YamlNode value = e.getValue().value();
      if (value instanceof YamlNode.Mapping node) {
        parser.parse(path, e.getKey(), node);
      } else {
        problems.add(file, e.getValue().keyLine(), path + " must be a mapping of keys to values");
      }
    }
  }

  private <T> Located<T> once(Located<T> existing, Located<T> candidate) {
    if (existing == null) {
      return candidate;
    }
    problems.add(
        candidate.file(),
        candidate.line(),
        candidate.path() + " is defined twice (first at " + existing.where() + ")");
    return existing;
  }

  private <T> void define(Map<String, Located<T>> into, String id, Located<T> value) {
    Located<T> first = into.get(id);
    if (first == null) {
      into.put(id, value);
    } else {
      problems.add(
          value.file(),
          value.line(),
          value.path() + " is defined twice (first at " + first.where() + ")");
    }
  }
}
