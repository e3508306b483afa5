package dev.otpgateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a rules directory into named documents, for tests that edit rules in memory. */
final class Documents {
  private Documents() {}

  static Map<String, String> readDir(Path dir) {
    Map<String, String> docs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = dir.relativize(f).toString().replace('\\', '/');
        if (Files.isRegularFile(f) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
          docs.put(name, Files.readString(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }
}
