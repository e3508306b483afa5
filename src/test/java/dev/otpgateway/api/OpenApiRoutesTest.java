package dev.otpgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otpgateway.app.OpenApiDocument;
import dev.otpgateway.providers.simulator.ProviderSimulator;
import dev.otpgateway.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Holds every route the router serves against the OpenAPI document, both ways: nothing served that
 * the document doesn't describe, nothing described that isn't served.
 */
class OpenApiRoutesTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    Await.result(vertx.close());
  }

  private Set<String> served() {
    Router simulatorControl =
        new ProviderSimulator(vertx, Clock.systemUTC(), "http://127.0.0.1", List.of())
            .controlRouter();
    HttpApi.Parts parts =
        new HttpApi.Parts(
            null,
            null,
            null,
            null,
            "",
            null,
            null,
            null,
            null,
            "",
            null,
            null,
            null,
            simulatorControl,
            null,
            null,
            Clock.systemUTC());
    Set<String> routes = new TreeSet<>();
    collect(HttpApi.router(vertx, parts), "", routes);
    collect(simulatorControl, "/simulator", routes);
    return routes;
  }

  private static void collect(Router router, String prefix, Set<String> into) {
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // body handlers, failure handlers and sub-router mounts serve no operation
      }
      String path = prefix + route.getPath().replaceAll(":([a-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        into.add(method.name() + " " + path);
      }
    }
  }

  private static Set<String> documented() {
    Set<String> operations = new TreeSet<>();
    JsonNode paths = OpenApiDocument.tree().get("paths");
    Iterator<String> names = paths.fieldNames();
    while (names.hasNext()) {
      String path = names.next();
      paths
          .get(path)
          .fieldNames()
          .forEachRemaining(
              member -> {
                if (Set.of("get", "post", "patch", "put", "delete").contains(member)) {
                  operations.add(member.toUpperCase(Locale.ROOT) + " " + path);
                }
              });
    }
    return operations;
  }

  @Test
  void the_router_serves_exactly_what_the_openapi_document_describes() {
    Set<String> served = served();
    assertThat(served)
        .contains(
            "POST /v1/verifications",
            "POST /v1/verifications/{id}/check",
            "PATCH /v1/admin/tenants/{id}",
            "POST /webhooks/{provider}",
            "GET /simulator/messages");
    assertThat(served).isEqualTo(documented());
  }

  @Test
  void every_operation_has_an_id_and_every_problem_response_is_problem_json() {
    JsonNode paths = OpenApiDocument.tree().get("paths");
    paths
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        operation -> {
                          if (!operation.getValue().isObject()
                              || !operation.getValue().has("responses")) {
                            return;
                          }
                          assertThat(operation.getValue().get("operationId"))
                              .as(path.getKey())
                              .isNotNull();
                          operation
                              .getValue()
                              .get("responses")
                              .fields()
                              .forEachRemaining(
                                  response -> {
                                    int status = Integer.parseInt(response.getKey());
                                    boolean isProblem =
                                        response.getValue().has("$ref")
                                            && response
                                                .getValue()
                                                .get("$ref")
                                                .asText()
                                                .startsWith("#/components/responses/");
                                    if (status >= 400 && !isProblem) {
                                      // The one documented exception: a wrong code is a 422
                                      // outcome, not a problem.
                                      assertThat(
                                              operation.getValue().get("operationId").asText()
                                                  + " "
                                                  + status)
                                          .isIn("checkVerification 422", "ready 503");
                                    }
                                  });
                        }));
  }
}
