package dev.otpgateway.routing;

import dev.otpgateway.yaml.YamlNode;
import dev.otpgateway.yaml.YamlProblems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects loader problems so one run reports all of them. */
final class ProblemCollector implements YamlProblems {
  private final List<RulesProblem> found = new ArrayList<>();

  @Override
  public void add(String file, int line, String message) {
    found.add(new RulesProblem(file, line, message));
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
    List<RulesProblem> copy = new ArrayList<>(found);
    copy.sort(Comparator.comparing(RulesProblem::file).thenComparingInt(RulesProblem::line));
    return copy;
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new RulesException(sorted());
    }
  }
}
