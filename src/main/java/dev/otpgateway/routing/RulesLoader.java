package dev.otpgateway.routing;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Loads and lints routing rules. Strict by design: unknown keys, dangling names, bad numbers and
 * impossible regions are all errors, every one reported as {@code file:line: message}, so a rules
 * change is either fully understood or not loaded at all.
 *
 * <p>The rules are one or more YAML documents ({@code *.yaml} or {@code *.yml}, sub-directories
 * included). Any document may hold any top-level section; how they are split is for reviewers. See
 * {@code routing-rules/README.md} for the format.
 *
 * <p>Loading does blocking file I/O: call {@link #load(Path)} off the event loop.
 */
public final class RulesLoader {
  private RulesLoader() {}

  /**
   * Loads every {@code *.yaml}/{@code *.yml} under {@code dir} (hidden files and directories
   * skipped).
   *
   * @throws RulesException listing every problem, when the rules are not valid or not readable
   */
  public static RuleSet load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new RulesException(List.of(new RulesProblem(dir.toString(), 0, "is not a directory")));
    }
    Map<String, String> documents = new TreeMap<>();
    Problems problems = new Problems();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) paths::iterator) {
        Path relative = dir.relativize(file);
        if (Files.isRegularFile(file) && isRulesFile(relative)) {
          String name = relative.toString().replace(file.getFileSystem().getSeparator(), "/");
          try {
            documents.put(name, Files.readString(file, StandardCharsets.UTF_8));
          } catch (CharacterCodingException e) {
            problems.add(name, 0, "is not UTF-8 text");
          }
        }
      }
    } catch (IOException e) {
      problems.add(dir.toString(), 0, "cannot be read: " + e);
    }
    problems.throwIfAny();
    if (documents.isEmpty()) {
      throw new RulesException(
          List.of(new RulesProblem(dir.toString(), 0, "holds no rules files (*.yaml, *.yml)")));
    }
    return fromDocuments(documents);
  }

  /**
   * Builds rules from documents that need not be on disk, e.g. YAML posted to the lint endpoint.
   *
   * @param documents YAML text by document name; the names only appear in problems and in {@link
   *     RuleSet#sourceFiles()} (use the file's path relative to the rules directory)
   * @throws RulesException listing every problem
   */
  public static RuleSet fromDocuments(Map<String, String> documents) {
    Map<String, String> sorted = new TreeMap<>(documents);
    Problems problems = new Problems();
    if (sorted.isEmpty()) {
      throw new RulesException(List.of(new RulesProblem("(rules)", 0, "no documents given")));
    }
    RulesParser parser = new RulesParser(problems);
    for (Map.Entry<String, String> doc : sorted.entrySet()) {
      YamlNode.Mapping root = YamlReader.read(doc.getKey(), doc.getValue(), problems);
      if (root != null) {
        parser.parseDocument(doc.getKey(), root);
      } else {
        parser.unreadableDocument = true;
      }
    }
    RulesChecker.check(parser, problems, sorted.keySet().iterator().next());
    problems.throwIfAny();
    Map<String, Provider> providers = values(parser.providers);
    Map<String, Region> regions = values(parser.regions);
    Map<String, Weights> tenants = values(parser.tenantWeights);
    String baseline = parser.baselineProvider.value();
    Weights weights = parser.defaultWeights.value();
    String canonical = RulesVersion.canonical(baseline, weights, providers, regions, tenants);
    return new RuleSet(
        RulesVersion.of(canonical),
        canonical,
        sorted,
        baseline,
        weights,
        providers,
        regions,
        tenants);
  }

  /**
   * Lints documents without loading them: the problems, or an empty list when they are valid.
   *
   * @param documents YAML text by document name, as for {@link #fromDocuments(Map)}
   */
  public static List<RulesProblem> validate(Map<String, String> documents) {
    try {
      fromDocuments(documents);
      return List.of();
    } catch (RulesException e) {
      return e.problems();
    }
  }

  private static boolean isRulesFile(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return false;
      }
    }
    String name = relative.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static <T> Map<String, T> values(Map<String, Located<T>> located) {
    Map<String, T> out = new HashMap<>();
    located.forEach((id, l) -> out.put(id, l.value()));
    return out;
  }
}
