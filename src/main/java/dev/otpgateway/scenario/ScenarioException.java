package dev.otpgateway.scenario;

import dev.otpgateway.yaml.YamlProblem;
import java.util.List;

/** A scenario file that cannot be played, with every problem found, each at its file and line. */
public final class ScenarioException extends RuntimeException {
  private final transient List<YamlProblem> problems;

  public ScenarioException(List<YamlProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<YamlProblem> problems() {
    return problems;
  }

  private static String describe(List<YamlProblem> problems) {
    StringBuilder sb = new StringBuilder("invalid scenario (").append(problems.size());
    sb.append(problems.size() == 1 ? " problem)" : " problems)");
    for (YamlProblem p : problems) {
      sb.append('\n').append(p);
    }
    return sb.toString();
  }
}
