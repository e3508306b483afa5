package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.routing.RulesLoader;
import dev.otpgateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The auditor's command line: {@code rules lint} and {@code rules explain}, in-process and as the
 * jar.
 */
class RulesCommandIT {
  private static final Path SHIPPED = Path.of("routing-rules");
  private static final Map<String, String> ENV = Map.of("OTPGW_RULES_DIR", "routing-rules");

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            ENV,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void lint_of_the_shipped_rules_passes_and_prints_their_version() {
    Run r = run("rules", "lint", "routing-rules");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .startsWith("ok: routing-rules is clean")
        .contains("version " + RulesLoader.load(SHIPPED).version());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void lint_of_a_broken_copy_fails_with_file_and_line_for_each_problem() throws IOException {
    Path copy = copyOfShippedRules();
    Path us = copy.resolve("regions/us.yaml");
    String broken =
        Files.readString(us)
            .replace("usd: 0.0080}", "usd: -0.0080}")
            .replace("latency_ms: 6000", "latency_ms: 6000\n        colour: red");
    Files.writeString(us, broken);

    Run r = run("rules", "lint", copy.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("regions/us.yaml:" + lineOf(broken, "-0.0080") + ": ")
        .contains("regions.us.providers.sinch.prices.sms[0].usd must be >= 0")
        .contains("regions/us.yaml:" + lineOf(broken, "colour: red") + ": ")
        .contains("colour is not a known key")
        .contains("2 problem(s) in " + copy)
        .doesNotContain("ok:");
  }

  @Test
  void explain_prints_the_candidates_and_the_exclusions_for_a_us_number() {
    Run r = run("rules", "explain", "--to", "+12025550123");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Route for +1202555****")
        .doesNotContain("+12025550123")
        .contains("region:   us\n")
        .contains("rules:    " + RulesLoader.load(SHIPPED).version())
        .contains("candidates (tried in this order")
        .containsPattern("\n  1  (twilio|sinch|messagebird) +sms ")
        .containsPattern("\n  2  (twilio|sinch|messagebird) +sms ")
        .containsPattern("\n  3  (twilio|sinch|messagebird) +sms ")
        .containsPattern("\n  rbm +rcs +not_rcs_capable ")
        .contains("baseline: twilio")
        .doesNotContain("REFUSED");
  }

  @Test
  void explain_prints_the_refusal_for_high_risk_sms_to_an_eu_number() {
    Run highRisk = run("rules", "explain", "--to", "+4915123456789", "--risk", "high", "--consent");
    Run noConsent = run("rules", "explain", "--to", "+4915123456789");

    assertThat(highRisk.exit()).isZero();
    assertThat(highRisk.out())
        .contains("region:   eu\n")
        .contains("REFUSED:  sms_not_permitted_for_risk: ")
        .contains("candidates: none")
        .containsPattern("\n  (twilio|sinch|messagebird) +sms +sms_not_permitted_for_risk ");
    assertThat(noConsent.out()).contains("REFUSED:  consent_required: ");
  }

  @Test
  void explain_refuses_a_bad_number_or_option_with_exit_2() {
    Run invalid = run("rules", "explain", "--to", "+447700900123");
    Run missing = run("rules", "explain");
    Run badRisk = run("rules", "explain", "--to", "+12025550123", "--risk", "medium");

    assertThat(invalid.exit()).isEqualTo(2);
    assertThat(invalid.err()).startsWith("rules explain: the number ").contains("valid");
    assertThat(invalid.out()).isEmpty();
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--to NUMBER is required");
    assertThat(badRisk.exit()).isEqualTo(2);
    assertThat(badRisk.err()).contains("usage:");
  }

  @Test
  void an_unknown_command_exits_2_with_the_usage() {
    Run unknown = run("rulez");
    Run unknownSub = run("rules", "format", "routing-rules");

    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("unknown command 'rulez'")
        .contains("usage: java -jar otp-gateway.jar")
        .contains("rules lint DIR");
    assertThat(unknownSub.exit()).isEqualTo(2);
    assertThat(unknownSub.err()).contains("usage:");
  }

  @Test
  void the_packaged_jar_lints_the_shipped_rules() throws Exception {
    Path jar = Path.of("target", "otp-gateway.jar");
    assertThat(jar).as("failsafe runs after package").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", jar.toString(), "rules", "lint", "routing-rules"));
    Path output = TestGateway.tempDir().resolve("lint.out");
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();

    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }

    assertThat(ended).as("the jar finished within 60 s").isTrue();
    String text = Files.readString(output);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text)
        .contains("ok: routing-rules is clean; version " + RulesLoader.load(SHIPPED).version());
  }

  private static Path copyOfShippedRules() throws IOException {
    Path dir = TestGateway.tempDir().resolve("rules");
    try (Stream<Path> paths = Files.walk(SHIPPED)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = dir.resolve(SHIPPED.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return dir;
  }

  private static int lineOf(String document, String text) {
    int at = document.indexOf(text);
    assertThat(at).as("%s in the document", text).isNotNegative();
    return (int) document.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }
}
