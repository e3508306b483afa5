package dev.otpgateway.routing;

import java.util.List;

/**
 * Rules that cannot be loaded, with every problem found (not only the first), sorted by file and
 * line. Unchecked, because callers either report it (lint, reload) or stop (start-up).
 */
public final class RulesException extends RuntimeException {
  private final transient List<RulesProblem> problems;

  /** Creates the exception; {@code problems} must not be empty. */
  public RulesException(List<RulesProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, as {@code file:line: message} when printed. */
  public List<RulesProblem> problems() {
    return problems;
  }

  private static String describe(List<RulesProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a RulesException needs at least one problem");
    }
    StringBuilder sb = new StringBuilder("invalid routing rules (").append(problems.size());
    sb.append(problems.size() == 1 ? " problem)" : " problems)");
    for (RulesProblem p : problems) {
      sb.append('\n').append(p);
    }
    return sb.toString();
  }
}
