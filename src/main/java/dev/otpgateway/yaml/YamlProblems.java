package dev.otpgateway.yaml;

/** Where a reader of YAML documents reports what is wrong, each problem at its file and line. */
@FunctionalInterface
public interface YamlProblems {
  /**
   * @param line 1-based; 0 when the problem is the file itself
   */
  void add(String file, int line, String message);
}
