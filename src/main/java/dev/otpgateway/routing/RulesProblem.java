package dev.otpgateway.routing;

/**
 * One problem found in a rules document.
 *
 * @param file the document's name, relative to the rules directory (e.g. {@code regions/eu.yaml})
 * @param line 1-based line of the offending key or value; 0 when the problem is the file itself
 * @param message what is wrong, naming the rules path (e.g. {@code regions.eu.weights.cost})
 */
public record RulesProblem(String file, int line, String message) {

  /** Validates the parts. */
  public RulesProblem {
    if (file == null || message == null || line < 0) {
      throw new IllegalArgumentException("file and message must be set and line >= 0");
    }
  }

  /** {@code file:line: message}, the format compilers and editors understand. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
