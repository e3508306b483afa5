package dev.otpgateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.TestGateway;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code simulate} as a user runs it, through the jar's command line: a short grey route in India
 * (a provider that drops 30% while its receipts say delivered) is played through the real API,
 * routing and receipts, and conversion-aware routing moves India's traffic off that provider within
 * the first 500 verifications, which the report shows block by block.
 */
class SimulateCommandIT {
  @Test
  void a_short_grey_route_is_learnt_from_conversions_and_the_report_shows_the_shift()
      throws Exception {
    Path report = TestGateway.tempDir().resolve("grey-route-short.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {
              "simulate",
              "src/test/resources/scenarios/grey-route-short.yaml",
              "--report",
              report.toString()
            },
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit; stderr:%n%s", err).isZero();
    assertThat(printed).contains("scenario grey-route-short").contains("saving");

    JsonObject run = new JsonObject(Files.readString(report)).getJsonArray("runs").getJsonObject(0);
    assertThat(run.getInteger("errors")).isZero();
    assertThat(run.getInteger("verifications")).isGreaterThan(400);
    JsonObject watch = run.getJsonArray("watches").getJsonObject(0);
    assertThat(watch.getString("provider")).isEqualTo("sinch");
    JsonArray blocks = watch.getJsonArray("blocks");
    assertThat(blocks.getJsonObject(0).getDouble("share_pct"))
        .as("sinch is India's first choice before anything is learnt")
        .isGreaterThan(50.0);
    assertThat(watch.getInteger("first_below10_pct"))
        .as("the verification by which sinch's share in India fell below 10%%: %s", watch)
        .isNotNull()
        .isLessThanOrEqualTo(500);
    assertThat(run.getDouble("delivered_by_receipt_pct"))
        .as("the receipts never said otherwise")
        .isEqualTo(100.0);
    assertThat(run.getDouble("delivered_on_handset_pct")).isLessThan(100.0);
  }
}
