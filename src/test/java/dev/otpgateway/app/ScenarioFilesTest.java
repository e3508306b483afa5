package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.otpgateway.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario that ships loads as `simulate` loads it: a broken one fails here, not in use. */
class ScenarioFilesTest {
  static Stream<Path> shipped() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("scenarios"))) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml)
          .extracting(p -> p.getFileName().toString())
          .contains(
              "grey-route.yaml", "pumping-burst.yaml", "pumping-slow.yaml", "legit-surge.yaml");
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shipped")
  void loads_with_the_simulators_own_checks(Path scenario) {
    assertThatCode(() -> ScenarioLoader.load(scenario, SimulateCommand.settingsCheck()))
        .doesNotThrowAnyException();
  }
}
