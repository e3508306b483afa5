package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the schema: every key, its variable and its default. */
class ReadmeTest {

  private static Map<String, String[]> rows() throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      if (line.startsWith("| `") && line.split("\\|").length >= 5) {
        String[] cells = line.split("\\|");
        String key = cells[1].strip().replace("`", "");
        rows.put(
            key,
            new String[] {cells[2].strip().replace("`", ""), cells[3].strip().replace("`", "")});
      }
    }
    return rows;
  }

  @Test
  void the_configuration_table_lists_every_key_with_its_variable_and_default() throws IOException {
    Map<String, String[]> rows = rows();

    assertThat(rows.keySet())
        .containsExactlyElementsOf(ConfigSchema.KEYS.stream().map(ConfigKey::path).toList());
    for (ConfigKey key : ConfigSchema.KEYS) {
      String[] row = rows.get(key.path());
      assertThat(row[0]).as(key.path()).isEqualTo(key.envName());
      assertThat(row[1])
          .as(key.path())
          .isEqualTo(key.defaultValue().isEmpty() ? "(empty)" : key.defaultValue());
    }
  }
}
