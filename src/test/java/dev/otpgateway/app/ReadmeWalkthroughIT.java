package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.Ports;
import dev.otpgateway.testing.TestGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's curl walk-through, run exactly as written (bash, curl, sed, grep) against the real
 * jar started as the README says, on a fresh data directory. Only the base URL differs: the test
 * uses a free port instead of 8080.
 */
class ReadmeWalkthroughIT {
  private Process gateway;

  @AfterEach
  void stop() throws InterruptedException {
    if (gateway != null) {
      gateway.destroy();
      if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
  }

  /** The fenced bash block that follows the line containing {@code marker}. */
  static String bashBlockAfter(String marker) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int i = 0;
    while (!lines.get(i).contains(marker)) {
      i++;
    }
    while (!lines.get(i).equals("```bash")) {
      i++;
    }
    StringBuilder script = new StringBuilder();
    for (i++; !lines.get(i).equals("```"); i++) {
      script.append(lines.get(i)).append('\n');
    }
    return script.toString();
  }

  @Test
  void the_curl_walk_through_works_as_written() throws Exception {
    int port = Ports.free();
    Path data = TestGateway.tempDir();
    ProcessBuilder start =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/otp-gateway.jar")
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("gateway.log").toFile());
    start
        .environment()
        .putAll(
            Map.of(
                "OTPGW_ADMIN_KEY", "dev-admin-key",
                "OTPGW_HTTP_PORT", Integer.toString(port),
                "OTPGW_SIMULATOR_PORT", "0",
                "OTPGW_CLUSTER_PORT", Integer.toString(Ports.free()),
                "OTPGW_DATA_DIR", data.toString()));
    gateway = start.start();
    awaitReady(port, data);

    // The walk-through, then (in the same shell, with its VERIFICATION) the finance and audit one.
    ProcessBuilder walk =
        new ProcessBuilder(
                "bash",
                "-euo",
                "pipefail",
                "-c",
                bashBlockAfter("Then, in a second terminal:")
                    + "echo\necho ---finance---\n"
                    + bashBlockAfter("a finance team and an auditor can:"))
            .redirectErrorStream(true);
    walk.environment().put("BASE", "http://127.0.0.1:" + port);
    walk.environment().put("OTPGW_DATA_DIR", data.toString());
    Process run = walk.start();
    assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("the walk-through finished").isTrue();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(run.exitValue()).as(output).isZero();
    String[] parts = output.split("---finance---\n");
    assertThat(parts[0]).matches("(?s)\\{\"id\":\"ver_[a-z2-7]{26}\",\"status\":\"approved\"}\\s*");
    assertThat(parts[1])
        .as(output)
        .contains("\"tenant\":\"acme\"")
        // MessageBird's US price, unless this start was one of the few that explore another
        // route (routing.exploration_percent): then Twilio's or Sinch's.
        .containsPattern("\"cost_usd\":\"0\\.00(70|75|80)\"")
        .contains("day,messages,segments,cost_usd,baseline_cost_usd,saving_usd,carbon_grams")
        .containsPattern("ok: \\d+ entries in 1 chain\\(s\\)")
        .contains("re-run from the ledger: the same decision");
  }

  private void awaitReady(int port, Path data) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(gateway.isAlive()).as(() -> read(data.resolve("gateway.log"))).isTrue();
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the jar did not become ready: " + read(data.resolve("gateway.log")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
