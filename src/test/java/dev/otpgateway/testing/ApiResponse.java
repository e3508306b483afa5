package dev.otpgateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** A response as a client saw it. */
public record ApiResponse(int status, HttpHeaders headers, String body) {
  public JsonObject json() {
    return new JsonObject(body);
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  public String contentType() {
    return header("content-type");
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
