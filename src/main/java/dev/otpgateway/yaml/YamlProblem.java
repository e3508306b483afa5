package dev.otpgateway.yaml;

/**
 * One problem found in a YAML document.
 *
 * @param file the document's name as the reader was given it
 * @param line 1-based line of the offending key or value; 0 when the problem is the file itself
 * @param message what is wrong, naming the key's path (e.g. {@code traffic.rate})
 */
public record YamlProblem(String file, int line, String message) {

  /** {@code file:line: message}, the format compilers and editors understand. */
  @Override
  public String toString() {
    return file + ":" + line + ": " + message;
  }
}
