package dev.otpgateway.providers.twilio;

import com.twilio.http.Request;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Where the SDK's requests go. Twilio's own hosts are left to the SDK, so its region and edge
 * handling still applies; any other base (the simulator, a test proxy) replaces scheme, host and
 * port and prefixes its path, whatever region or edge the SDK would have put in the host name.
 */
final class TwilioBaseUrl {
  private final String prefix;

  private TwilioBaseUrl(String prefix) {
    this.prefix = prefix;
  }

  /**
   * @param baseUrl an absolute http(s) URL such as {@code https://api.twilio.com} or {@code
   *     http://127.0.0.1:8081/twilio}
   */
  static TwilioBaseUrl of(String baseUrl) {
    URI uri = URI.create(baseUrl);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    boolean twilioItself =
        "https".equals(uri.getScheme())
            && (host.equals("twilio.com") || host.endsWith(".twilio.com"))
            && uri.getPort() == -1
            && (path.isEmpty() || path.equals("/"));
    if (twilioItself) {
      return new TwilioBaseUrl(null);
    }
    String authority = uri.getRawAuthority();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return new TwilioBaseUrl(uri.getScheme() + "://" + authority + trimmed);
  }

  boolean redirects() {
    return prefix != null;
  }

  /** The request as it must go out: itself for Twilio's hosts, a redirected copy otherwise. */
  Request redirect(Request request) {
    if (prefix == null) {
      return request;
    }
    RedirectedRequest copy = new RedirectedRequest(request, prefix);
    if (request.getAuthStrategy() != null) {
      copy.setAuth(request.getAuthStrategy());
    } else if (request.getUsername() != null) {
      copy.setAuth(request.getUsername(), request.getPassword());
    }
    copyParams(request.getQueryParams(), copy::addQueryParam);
    copyParams(request.getPostParams(), copy::addPostParam);
    copyParams(request.getHeaderParams(), copy::addHeaderParam);
    copy.setContentType(request.getContentType());
    copy.setBody(request.getBody());
    copy.setFormParameters(request.getFormParameters());
    copy.setUserAgentExtensions(request.getUserAgentExtensions());
    return copy;
  }

  private static void copyParams(Map<String, List<String>> params, BiConsumer<String, String> add) {
    params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
  }

  /**
   * A request whose URL keeps the SDK's path and encoding and takes the base's scheme, host, port
   * and path prefix. Region and edge are not copied: they only ever rename Twilio hosts.
   */
  private static final class RedirectedRequest extends Request {
    private final String prefix;

    RedirectedRequest(Request original, String prefix) {
      super(original.getMethod(), original.getUrl());
      this.prefix = prefix;
    }

    @Override
    protected String buildURL() {
      URI sdkUrl = URI.create(super.buildURL());
      String query = sdkUrl.getRawQuery() == null ? "" : "?" + sdkUrl.getRawQuery();
      return prefix + sdkUrl.getRawPath() + query;
    }
  }

  @Override
  public String toString() {
    return prefix == null ? "Twilio's own hosts" : prefix;
  }
}
