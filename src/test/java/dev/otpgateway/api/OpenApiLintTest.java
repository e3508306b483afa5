package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.External;
import dev.otpgateway.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document, linted by Redocly CLI (pinned in tools/package.json) with the ruleset in
 * tools/redocly.yaml: no error and no warning.
 */
class OpenApiLintTest {
  static final String DOCUMENT = "src/main/resources/openapi.yaml";

  @Test
  void redocly_finds_no_problem_in_the_openapi_document() {
    Path redocly = Tools.npm("redocly");
    External.assumePresent(
        "Redocly CLI (OpenAPI lint)",
        redocly != null,
        Tools.NPM_INSTALL + ", then mvn test -Dtest=OpenApiLintTest");

    Tools.Run lint =
        Tools.run(
            Duration.ofMinutes(2),
            // No telemetry and no update check: the linter reaches nothing outside this machine.
            Map.of(
                "REDOCLY_TELEMETRY", "off",
                "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true",
                "NO_COLOR", "1"),
            List.of(
                redocly.toString(),
                "lint",
                "--config",
                "tools/redocly.yaml",
                "--format",
                "stylish",
                DOCUMENT));

    assertThat(lint.exit()).as(lint.toString()).isZero();
    assertThat(lint.output())
        .as(lint.toString())
        .contains("validating " + DOCUMENT, "Your API description is valid")
        // A problem line reads "  LINE:COLUMN  error|warning  RULE  MESSAGE".
        .doesNotContainPattern("(?m)^\\s*\\d+:\\d+\\s+(error|warning)\\s");
  }
}
