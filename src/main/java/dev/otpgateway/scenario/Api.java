package dev.otpgateway.scenario;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** The gateway's HTTP API and the simulator's control API, as a client calls them. */
final class Api {
  /** An answer: its status and its JSON body (empty when it had none). */
  record Answer(int status, JsonObject body) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The problem's code: the last part of its {@code type}, else the status. */
    String problem() {
      String type = body.getString("type");
      return type == null ? "http_" + status : type.substring(type.lastIndexOf(':') + 1);
    }
  }

  private final WebClient client;
  private final String base;

  Api(WebClient client, String base) {
    this.client = client;
    this.base = base;
  }

  Future<Answer> get(String path, String key) {
    return send(HttpMethod.GET, path, key, null);
  }

  Future<Answer> post(String path, String key, JsonObject body) {
    return send(HttpMethod.POST, path, key, body);
  }

  Future<Answer> send(HttpMethod method, String path, String key, JsonObject body) {
    HttpRequest<Buffer> request = client.requestAbs(method, base + path);
    if (key != null) {
      request.putHeader("Authorization", "Bearer " + key);
    }
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendJsonObject(body);
    return sent.map(
        r -> {
          Buffer b = r.body();
          JsonObject json;
          try {
            json = b == null || b.length() == 0 ? new JsonObject() : b.toJsonObject();
          } catch (RuntimeException e) {
            json = new JsonObject().put("text", b.toString());
          }
          return new Answer(r.statusCode(), json);
        });
  }
}
