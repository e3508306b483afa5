package dev.otpgateway.yaml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects problems so one read reports all of them, sorted by file and line. */
public final class YamlProblemList implements YamlProblems {
  private final List<YamlProblem> found = new ArrayList<>();

  @Override
  public void add(String file, int line, String message) {
    found.add(new YamlProblem(file, line, message));
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** Sorted by file then line, keeping discovery order within a line. */
  public List<YamlProblem> sorted() {
    List<YamlProblem> copy = new ArrayList<>(found);
    copy.sort(Comparator.comparing(YamlProblem::file).thenComparingInt(YamlProblem::line));
    return copy;
  }
}
