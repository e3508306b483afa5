package dev.otpgateway.providers.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import org.junit.jupiter.api.Test;

/** Where the SDK's requests go, whatever region or edge it is told. */
class TwilioBaseUrlTest {
  private static final String PATH = "/2010-04-01/Accounts/AC123/Messages.json";

  private static Request sdkRequest() {
    Request request = new Request(HttpMethod.GET, "api", PATH);
    request.addQueryParam("To", "+12025550101");
    request.addQueryParam("PageSize", "50");
    request.setAuth("AC123", "token");
    return request;
  }

  @Test
  void another_base_takes_scheme_host_port_and_path_prefix() {
    Request redirected = TwilioBaseUrl.of("http://127.0.0.1:8081/twilio").redirect(sdkRequest());

    String url = redirected.constructURL().toString();

    assertThat(url).startsWith("http://127.0.0.1:8081/twilio" + PATH + "?");
    assertThat(url).contains("To=%2B12025550101").contains("PageSize=50");
    assertThat(redirected.getAuthString()).isEqualTo(sdkRequest().getAuthString());
  }

  @Test
  void localhost_stays_localhost_when_a_region_and_edge_are_set() {
    Request request = sdkRequest();
    request.setRegion("ie1");
    request.setEdge("dublin");

    String url =
        TwilioBaseUrl.of("http://localhost:8081/").redirect(request).constructURL().toString();

    assertThat(url).startsWith("http://localhost:8081" + PATH);
  }

  @Test
  void twilios_own_host_keeps_the_sdks_region_and_edge() {
    TwilioBaseUrl twilio = TwilioBaseUrl.of("https://api.twilio.com");
    Request request = sdkRequest();
    request.setRegion("ie1");
    request.setEdge("dublin");

    assertThat(twilio.redirects()).isFalse();
    assertThat(twilio.redirect(request).constructURL().getHost())
        .isEqualTo("api.dublin.ie1.twilio.com");
  }

  @Test
  void form_fields_and_headers_are_carried_over() {
    Request post = new Request(HttpMethod.POST, "api", PATH);
    post.addPostParam("Body", "Your code is 1");
    post.addHeaderParam("X-Custom", "1");

    Request redirected = TwilioBaseUrl.of("http://127.0.0.1:1/twilio").redirect(post);

    assertThat(redirected.getPostParams()).isEqualTo(post.getPostParams());
    assertThat(redirected.getHeaderParams()).isEqualTo(post.getHeaderParams());
    assertThat(redirected.getMethod()).isEqualTo(HttpMethod.POST);
  }
}
