package dev.otpgateway.routing;

import dev.otpgateway.yaml.YamlNode;

/**
 * A parsed value with where it came from, so cross-document checks can still name file and line.
 *
 * @param value the model value
 * @param file the document it was read from
 * @param node its YAML node, to resolve paths below it to lines
 * @param path its rules path, e.g. {@code regions.eu}
 */
record Located<T>(T value, String file, YamlNode node, String path) {

  /** The line of the value itself (for a mapping under a key: the key's line). */
  int line() {
    return node.line();
  }

  /** The line {@code relative} leads to below this value. */
  int lineAt(Object... relative) {
    return YamlNode.lineAt(node, java.util.List.of(relative));
  }

  /** {@code file:line}, to point from one problem to the related definition. */
  String where() {
    return file + ":" + line();
  }
}
