package dev.otpgateway.providers.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The Twilio SDK's HTTP client, fitted for a gateway (twilio-java {@code
 * com/twilio/http/NetworkHttpClient.java}, {@code HttpClient.java}, 13.x):
 *
 * <ul>
 *   <li>Requests go to the configured base URL. The SDK always builds {@code https://<product>
 *       [.edge.region].twilio.com/...}; with any other base the scheme, host and port are replaced
 *       and the base path prefixed, so region/edge settings can never turn {@code localhost} or an
 *       IP into {@code 127.ie1.0.1}.
 *   <li>The pool holds {@code maxConnections} per route and in total (the SDK's default is 20 per
 *       route).
 *   <li>Every call is bounded: pool lease and connect take at most a quarter of the timeout each,
 *       so a dead host fails as a connect error (nothing sent) well before the overall deadline,
 *       and the response wait is bounded by the timeout. {@code makeRequest} pins the SDK's own
 *       request config (10 s lease, 30.5 s connect) on every request, so an exec interceptor puts
 *       ours back in the request context before the connection is leased.
 *   <li>One attempt per call: the SDK retries 5xx three times with a sleep, and Apache retries
 *       429/503; failover belongs to the gateway, which has other providers to try.
 *   <li>An error response without Twilio's JSON error body (a proxy's HTML 502) keeps its HTTP
 *       status: the SDK would otherwise raise a JSON parse error that names no status.
 * </ul>
 */
final class TwilioHttpClient extends NetworkHttpClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwilioBaseUrl baseUrl;

  TwilioHttpClient(TwilioBaseUrl baseUrl, Duration timeout, int maxConnections) {
    super(builder(timeout, maxConnections));
    this.baseUrl = baseUrl;
  }

  private static HttpClientBuilder builder(Duration timeout, int maxConnections) {
    Timeout whole = Timeout.ofMilliseconds(timeout.toMillis());
    Timeout quarter = Timeout.ofMilliseconds(Math.max(1, timeout.toMillis() / 4));
    RequestConfig requestConfig =
        RequestConfig.custom()
            .setConnectionRequestTimeout(quarter)
            .setResponseTimeout(whole)
            .setRedirectsEnabled(false)
            .build();
    return HttpClientBuilder.create()
        .useSystemProperties()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(
                    SocketConfig.custom().setSoTimeout(whole).setSoKeepAlive(true).build())
                .setDefaultConnectionConfig(
                    ConnectionConfig.custom()
                        .setConnectTimeout(quarter)
                        .setSocketTimeout(whole)
                        // A pooled connection the server dropped would eat a POST and answer
                        // nothing: AMBIGUOUS. Checking idle ones first turns that into a reconnect.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build())
        .setDefaultRequestConfig(requestConfig)
        .addExecInterceptorFirst(
            "otpgw-timeouts",
            (request, scope, chain) -> {
              scope.clientContext.setRequestConfig(requestConfig);
              return chain.proceed(request, scope);
            })
        .disableAutomaticRetries();
  }

  @Override
  public Response reliableRequest(Request request) {
    return reliableRequest(request, RETRY_CODES, 1, 0);
  }

  @Override
  public Response makeRequest(Request request) {
    Response response = super.makeRequest(baseUrl.redirect(request));
    return response.getStatusCode() >= 400 ? withTwilioErrorBody(response) : response;
  }

  private static Response withTwilioErrorBody(Response response) {
    int status = response.getStatusCode();
    String content = response.getContent();
    if (hasTwilioErrorShape(content)) {
      return new Response(content, status, response.getHeaders());
    }
    String body =
        JSON.createObjectNode()
            .putNull("code")
            .put("message", "HTTP " + status + " without a Twilio error body")
            .put("status", status)
            .toString();
    return new Response(body, status, response.getHeaders());
  }

  private static boolean hasTwilioErrorShape(String content) {
    if (content == null || content.isBlank()) {
      return false;
    }
    try {
      JsonNode node = JSON.readTree(content);
      return node != null && node.isObject() && node.path("status").isInt();
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes the pool and its connections. */
  void close() {
    client.close(CloseMode.GRACEFUL);
  }
}
