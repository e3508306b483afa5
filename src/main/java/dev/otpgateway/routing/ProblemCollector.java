package dev.otpgateway.routing;

import dev.otpgateway.yaml.YamlNode;
import dev.otpgateway.yaml.YamlProblemList;
import dev.otpgateway.yaml.YamlProblems;
import java.util.List;

/** Collects loader problems so one run reports all of them. */
final class ProblemCollector implements YamlProblems {
  private final YamlProblemList found = new YamlProblemList();

  @Override
  public void add(String file, int line, String message) {
    found.add(file, line, message);
  }

  /**
   * Adds each violation of a model constructor at the line its path points to under {@code node}.
   */
  void addAll(String file, YamlNode node, String prefix, InvalidValueException e) {
    for (InvalidValueException.Violation v : e.violations()) {
      add(file, YamlNode.lineAt(node, v.path()), v.message(prefix));
    }
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Sorted by file then line, keeping discovery order within a line. */
  List<RulesProblem> sorted() {
    return found.sorted().stream()
        .map(p -> new RulesProblem(p.file(), p.line(), p.message()))
        .toList();
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new RulesException(sorted());
    }
  }
}
