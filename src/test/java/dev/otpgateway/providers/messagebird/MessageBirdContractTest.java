package dev.otpgateway.providers.messagebird;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.providers.DeliveryReceipt;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderContractTest;
import dev.otpgateway.providers.RecordedRequest;
import dev.otpgateway.providers.WebhookRequest;
import dev.otpgateway.providers.messagebird.simulated.MessageBirdSimulatedApi;
import dev.otpgateway.providers.simulator.SimulatedApi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** MessageBird's adapter and simulated API against the shared provider contract. */
class MessageBirdContractTest extends ProviderContractTest {
  /** The example test key of MessageBird's API docs. */
  static final String ACCESS_KEY = "test_gshuPaZoeEG6ovbc8M79w0QyM";

  /** The signing key of MessageBird's published signature test cases. */
  static final String SIGNING_KEY =
      "36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb";

  @Override
  protected String name() {
    return MessageBirdProvider.NAME;
  }

  @Override
  protected SimulatedApi simulatedApi() {
    return new MessageBirdSimulatedApi(ACCESS_KEY, SIGNING_KEY);
  }

  @Override
  protected Provider provider(Vertx vertx, String baseUrl, Duration timeout) {
    return new MessageBirdProvider(
        vertx, new MessageBirdSettings(ACCESS_KEY, SIGNING_KEY, baseUrl, timeout));
  }

  @Override
  protected Provider providerWithWrongCredentials(Vertx vertx, String baseUrl) {
    return new MessageBirdProvider(
        vertx,
        new MessageBirdSettings(
            "test_notTheRightKey0000000", SIGNING_KEY, baseUrl, Duration.ofSeconds(2)));
  }

  @Override
  protected boolean supportsLookup() {
    return true;
  }

  @Override
  protected String signatureHeader() {
    return MessageBirdReceipts.SIGNATURE_HEADER;
  }

  @Override
  protected void assertRequestMatchesFixture(RecordedRequest request, OutboundMessage message) {
    JsonObject fixture = new JsonObject(fixture("send-request.json"));
    Map<String, String> values =
        Map.of(
            "{access_key}", ACCESS_KEY,
            "{msisdn}", message.to().substring(1),
            "{sender}", message.sender(),
            "{body}", message.body(),
            "{reference}", message.reference(),
            "{callback_url}", message.callbackUrl());

    assertThat(request.method()).isEqualTo(fixture.getString("method"));
    assertThat(request.uri()).isEqualTo("/" + name() + fixture.getString("path"));
    fixture
        .getJsonObject("headers")
        .forEach(
            h ->
                assertThat(request.header(h.getKey()))
                    .as("header %s", h.getKey())
                    .isEqualTo(fill((String) h.getValue(), values)));
    assertThat(new JsonObject(request.bodyText()))
        .isEqualTo(fill(fixture.getJsonObject("body"), values));
  }

  @Override
  protected RecordedReceipt recordedReceipt() {
    JsonObject fixture = new JsonObject(fixture("status-report-get.json"));
    String url = fixture.getString("url");
    Instant now = Instant.now();
    String token =
        new MessageBirdSignature(SIGNING_KEY)
            .sign(url, null, now, now.plusSeconds(60), UUID.randomUUID().toString());
    JsonObject expected = fixture.getJsonObject("expected");
    return new RecordedReceipt(
        new WebhookRequest(
            fixture.getString("method"),
            url,
            Map.of(MessageBirdReceipts.SIGNATURE_HEADER, token),
            "".getBytes(StandardCharsets.UTF_8)),
        new DeliveryReceipt(
            expected.getString("reference"),
            expected.getString("providerMessageId"),
            DeliveryReceipt.Status.valueOf(expected.getString("status")),
            null,
            Instant.parse(expected.getString("at"))));
  }

  private static String fill(String template, Map<String, String> values) {
    String filled = template;
    for (Map.Entry<String, String> v : values.entrySet()) {
      filled = filled.replace(v.getKey(), v.getValue());
    }
    return filled;
  }

  private static JsonObject fill(JsonObject template, Map<String, String> values) {
    JsonObject filled = new JsonObject();
    template.forEach(
        field -> {
          Object value = field.getValue();
          if (value instanceof String s) {
            value = fill(s, values);
          } else if (value instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(item -> copy.add(item instanceof String s ? fill(s, values) : item));
            value = copy;
          }
          filled.put(field.getKey(), value);
        });
    return filled;
  }
}
