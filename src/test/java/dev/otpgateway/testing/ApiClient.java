package dev.otpgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Real HTTP to the gateway, as a tenant's app or an operator would call it. Every response is held
 * against the OpenAPI document unless a test asks for the raw exchange.
 */
public final class ApiClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private final String baseUrl;
  private final boolean checkContract;

  public ApiClient(String baseUrl) {
    this(baseUrl, true);
  }

  private ApiClient(String baseUrl, boolean checkContract) {
    this.baseUrl = baseUrl;
    this.checkContract = checkContract;
  }

  /** The same client without the contract check, for deliberately odd exchanges. */
  public ApiClient raw() {
    return new ApiClient(baseUrl, false);
  }

  public ApiResponse get(String path, String key) {
    return send("GET", path, key, null, Map.of());
  }

  public ApiResponse post(String path, String key, String json) {
    return send("POST", path, key, json, Map.of());
  }

  public ApiResponse post(String path, String key, String json, Map<String, String> headers) {
    return send("POST", path, key, json, headers);
  }

  public ApiResponse patch(String path, String key, String json) {
    return send("PATCH", path, key, json, Map.of());
  }

  public ApiResponse delete(String path, String key) {
    return send("DELETE", path, key, null, Map.of());
  }

  public ApiResponse send(
      String method, String path, String key, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      ApiResponse response = new ApiResponse(r.statusCode(), r.headers(), r.body());
      if (checkContract) {
        OpenApiContract.get().check(method, path, response);
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
