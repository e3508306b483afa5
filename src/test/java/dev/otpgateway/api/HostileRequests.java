package dev.otpgateway.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The requests {@link HostileInputIT} sends, grouped by what they attack, each with the answer it
 * must get. Placeholders: {@code {tenant}}, {@code {admin}}, {@code {V}} (the live verification's
 * id), filled in when sent.
 */
final class HostileRequests {
  enum Key {
    NONE,
    TENANT,
    OTHER_TENANT,
    ADMIN
  }

  /**
   * One hostile request and what it must get.
   *
   * @param raw the bytes to write on a socket (placeholders {tenant}, {admin}, {V}); null for a
   *     request an HTTP client can send
   * @param status 0 for a hang-up, which gets no answer
   * @param field the member the problem must name under {@code errors}, or null
   */
  record Case(
      String group,
      String name,
      String method,
      String path,
      Key key,
      Map<String, String> headers,
      byte[] body,
      String raw,
      int status,
      String field) {}

  private final List<Case> cases = new ArrayList<>();

  private HostileRequests() {}

  /** Every case, in groups: framing, encoding, types, limits, identifiers, authentication, ... */
  static List<Case> all() {
    HostileRequests r = new HostileRequests();
    r.framing();
    r.encoding();
    r.types();
    r.limits();
    r.identifiers();
    r.authentication();
    r.injection();
    r.numbers();
    r.unicode();
    return List.copyOf(r.cases);
  }

  // ---- the cases, by what they attack ----
  //
  // Most are rows: name | METHOD path | key | status | field named in errors | body. {V} is the
  // live verification's id. Requests an HTTP client cannot send are written out as raw bytes.

  private void framing() {
    String start =
        "POST /v1/verifications HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {tenant}\r\n";
    String admin =
        "POST /v1/admin/tenants HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {admin}\r\n";
    String json = "Content-Type: application/json\r\n";
    String chunked = "Transfer-Encoding: chunked\r\n";
    String body = "{\"to\":\"+12025550170\"}";
    String bigChunk = "8000\r\n" + "x".repeat(0x8000) + "\r\n";
    String[][] broken = {
      {"a chunk size that is not hex on a start", start + json + chunked + "\r\nzz\r\n" + body},
      {"a chunk size that is not hex on an admin create", admin + json + chunked + "\r\nxyz\r\n{}"},
      {
        "a chunk size that is not hex on a webhook",
        "POST /webhooks/twilio HTTP/1.1\r\nHost: gw\r\n" + chunked + "\r\nq\r\nabc"
      },
      {
        "a negative chunk size on a check",
        "POST /v1/verifications/{V}/check HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {tenant}\r\n"
            + json
            + chunked
            + "\r\n-5\r\n{}"
      },
      {
        "a chunk size that is not hex on the simulator",
        "POST /simulator/providers/twilio HTTP/1.1\r\nHost: gw\r\n" + json + chunked + "\r\nG\r\n{}"
      },
      {
        "a chunk size beyond 64 bits",
        start + json + chunked + "\r\nFFFFFFFFFFFFFFFFFFFF\r\n" + body
      },
      {"chunk data longer than its size", start + json + chunked + "\r\n2\r\n" + body},
      {
        "Content-Length and chunked together (smuggling)",
        start + json + "Content-Length: 4\r\n" + chunked + "\r\n2\r\n{}"
      },
      {
        "two different Content-Lengths",
        start + json + "Content-Length: 5\r\nContent-Length: 21\r\n\r\n" + body
      },
      {
        "a Content-Length that is not a number",
        start + json + "Content-Length: twenty\r\n\r\n" + body
      },
      {"a negative Content-Length", start + json + "Content-Length: -1\r\n\r\n" + body},
      {"a request line that is not HTTP", "GARBAGE\r\n\r\n"},
      {"a header without a colon", "GET /health/live HTTP/1.1\r\nHost: gw\r\nNoColonHere\r\n\r\n"},
      {
        "a space inside the request target",
        "GET /v1/admin/tenants/vic tim HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {admin}\r\n\r\n"
      },
    };
    for (String[] b : broken) {
      raw("framing", b[0], b[1] + "\r\n0\r\n\r\n", 400, null);
    }
    raw(
        "framing",
        "chunked bodies over 64 KiB",
        start + json + chunked + "\r\n" + bigChunk.repeat(3) + "0\r\n\r\n",
        413,
        null);
    raw(
        "framing",
        "a Content-Length beyond the body limit",
        start + json + "Content-Length: 10000000000\r\n\r\n{",
        413,
        null);
    raw(
        "framing",
        "an expectation the gateway cannot meet",
        start + json + "Expect: 200-ok\r\nContent-Length: 21\r\n\r\n" + body,
        417,
        null);
    raw(
        "framing",
        "a body longer than its Content-Length, the rest a second request",
        start + json + "Content-Length: 2\r\n\r\n{}" + body,
        400,
        "to");
    raw(
        "framing",
        "a request line over 4096 bytes",
        "GET /v1/verifications/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: gw\r\n\r\n",
        414,
        null);
    raw(
        "framing",
        "a query string over 4096 bytes",
        "GET /simulator/messages?to=" + "1".repeat(5000) + " HTTP/1.1\r\nHost: gw\r\n\r\n",
        414,
        null);
    raw(
        "framing",
        "one header over 8 KiB",
        "GET /health/live HTTP/1.1\r\nHost: gw\r\nX-Pad: " + "p".repeat(9000) + "\r\n\r\n",
        431,
        null);
    raw(
        "framing",
        "a header block over 8 KiB",
        "GET /v1/rules HTTP/1.1\r\nHost: gw\r\n"
            + ("X-Pad: " + "p".repeat(50) + "\r\n").repeat(200)
            + "\r\n",
        431,
        null);
    raw(
        "framing",
        "an Authorization header over 8 KiB",
        "GET /v1/rules HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer "
            + "k".repeat(9000)
            + "\r\n\r\n",
        431,
        null);
    raw(
        "framing",
        "an unknown method on a tenant route",
        "BREW /v1/admin/tenants/victim HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {admin}\r\n\r\n",
        405,
        null);
    hangUp(
        "a client that hangs up mid-body",
        start + json + "Content-Length: 200\r\n\r\n{\"to\":\"+120255");
    hangUp("a client that hangs up mid-chunk", start + json + chunked + "\r\n40\r\n{\"to\":");
    hangUp(
        "a client that hangs up mid-body on an admin create",
        admin + json + "Content-Length: 500\r\n\r\n{\"id\":\"half");
    hangUp(
        "a client that hangs up mid-body on a webhook",
        "POST /webhooks/sinch HTTP/1.1\r\nHost: gw\r\n"
            + json
            + "Content-Length: 300\r\n\r\n{\"type\":");
    hangUp(
        "a client that hangs up mid-body on the simulator",
        "POST /simulator/providers/rbm HTTP/1.1\r\nHost: gw\r\n"
            + json
            + "Content-Length: 300\r\n\r\n{\"down\":");
    rows(
        "framing",
        """
        PUT on the start route               | PUT /v1/verifications                             | TENANT | 405 | - | {}
        DELETE on a verification             | DELETE /v1/verifications/{V}                      | TENANT | 405 | - | -
        GET on the check route               | GET /v1/verifications/{V}/check                   | TENANT | 405 | - | -
        GET on the cancel route              | GET /v1/verifications/{V}/cancel                  | TENANT | 405 | - | -
        PUT on a tenant                      | PUT /v1/admin/tenants/victim                      | ADMIN  | 405 | - | {}
        DELETE on the tenant list            | DELETE /v1/admin/tenants                          | ADMIN  | 405 | - | -
        GET on key rotation                  | GET /v1/admin/tenants/victim/rotate-key           | ADMIN  | 405 | - | -
        GET on callback secret rotation      | GET /v1/admin/tenants/hooked/rotate-callback-secret | ADMIN | 405 | - | -
        GET on the rules reload              | GET /v1/admin/rules/reload                        | ADMIN  | 405 | - | -
        POST on the rules                    | POST /v1/rules                                    | ADMIN  | 405 | - | {}
        GET on a preview                     | GET /v1/routes/preview                            | TENANT | 405 | - | -
        PUT on a webhook                     | PUT /webhooks/twilio                              | NONE   | 405 | - | {}
        DELETE on the metrics                | DELETE /metrics                                   | NONE   | 405 | - | -
        POST on liveness                     | POST /health/live                                 | NONE   | 405 | - | {}
        PATCH on readiness                   | PATCH /health/ready                               | NONE   | 405 | - | {}
        DELETE on the OpenAPI document       | DELETE /openapi.json                              | NONE   | 405 | - | -
        POST on the simulator inbox          | POST /simulator/messages                          | NONE   | 405 | - | {}
        """);
  }

  private void encoding() {
    byte[] badUtf8 = bytes("{\"to\":\"+1202555017", 0xC3, 0x28, '"', '}');
    Object[][] bodies = {
      {"invalid UTF-8 in a start", "POST", "/v1/verifications", Key.TENANT, badUtf8},
      {"invalid UTF-8 in a check", "POST", "/v1/verifications/{V}/check", Key.TENANT, badUtf8},
      {"invalid UTF-8 in a preview", "POST", "/v1/routes/preview", Key.TENANT, badUtf8},
      {"invalid UTF-8 in a rules lint", "POST", "/v1/rules/validate", Key.ADMIN, badUtf8},
      {
        "an overlong UTF-8 slash in an admin create",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        bytes("{\"id\":\"", 0xC0, 0xAF, '"', '}')
      },
      {
        "an encoded surrogate in a patch",
        "PATCH",
        "/v1/admin/tenants/victim",
        Key.ADMIN,
        bytes("{\"name\":\"", 0xED, 0xA0, 0x80, '"', '}')
      },
      {
        "UTF-16 with a byte order mark",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        "{\"to\":\"+12025550170\"}".getBytes(StandardCharsets.UTF_16)
      },
    };
    for (Object[] b : bodies) {
      bytesCase(
          "encoding",
          (String) b[0],
          (String) b[1],
          (String) b[2],
          (Key) b[3],
          Map.of(),
          (byte[]) b[4],
          400,
          null);
    }
    bytesCase(
        "encoding",
        "a gzip body the gateway never offered to read",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        Map.of("Content-Encoding", "gzip"),
        gzip("{\"to\":\"+12025550170\"}"),
        400,
        null);
    bytesCase(
        "encoding",
        "Latin-1 bytes under a Latin-1 charset",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        Map.of("Content-Type", "application/json; charset=iso-8859-1"),
        "{\"id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
        400,
        null);
    bytesCase(
        "encoding",
        "a body without a Content-Type",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        Map.of("Content-Type", ""),
        body("{\"to\":\"+12025550170\"}"),
        415,
        null);
    String[][] types = {
      {
        "a form body on a start",
        "/v1/verifications",
        "application/x-www-form-urlencoded",
        "to=%2B12025550170"
      },
      {
        "a multipart body on a start",
        "/v1/verifications",
        "multipart/form-data; boundary=X",
        "--X\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n+12025550170\r\n--X--\r\n"
      },
      {
        "a multipart body on an admin create",
        "/v1/admin/tenants",
        "multipart/form-data; boundary=X",
        "--X\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\nsneaky\r\n--X--\r\n"
      },
      {
        "a multipart body on a cancel",
        "/v1/verifications/{V}/cancel",
        "multipart/form-data; boundary=X",
        "--X--\r\n"
      },
      {
        "plain text on a check",
        "/v1/verifications/{V}/check",
        "text/plain",
        "{\"code\":\"123456\"}"
      },
      {"XML on a preview", "/v1/routes/preview", "application/xml", "<to>+12025550170</to>"},
      {
        "JSON text sequences on a start",
        "/v1/verifications",
        "application/json-seq",
        "\u001e{\"to\":\"+12025550170\"}\n"
      },
      {
        "octets on a rules lint", "/v1/rules/validate", "application/octet-stream", "{\"files\":{}}"
      },
      {
        "a form body on a tenant patch",
        "/v1/admin/tenants/victim",
        "application/x-www-form-urlencoded",
        "name=x"
      },
    };
    for (String[] t : types) {
      Key key =
          t[1].startsWith("/v1/admin") || t[1].startsWith("/v1/rules") ? Key.ADMIN : Key.TENANT;
      String method = t[1].startsWith("/v1/admin/tenants/") ? "PATCH" : "POST";
      bytesCase(
          "encoding", t[0], method, t[1], key, Map.of("Content-Type", t[2]), body(t[3]), 415, null);
    }
    rows(
        "encoding",
        """
        trailing text after the JSON value   | POST /v1/verifications             | TENANT | 400 | - | {"to":"+12025550170"} xyz
        a bracket after the JSON value       | POST /v1/verifications             | TENANT | 400 | - | {"to":"+12025550170"}]
        two JSON values in one body          | POST /v1/verifications             | TENANT | 400 | - | {"to":"+12025550170"}{"to":"+12025550171"}
        a second object after an admin create | POST /v1/admin/tenants            | ADMIN  | 400 | - | {"id":"smuggled"}{"id":"second"}
        a second object after a check        | POST /v1/verifications/{V}/check   | TENANT | 400 | - | {"code":"123456"} {}
        a second object after a preview      | POST /v1/routes/preview            | TENANT | 400 | - | {"to":"+12025550170"}{}
        a truncated object                   | POST /v1/verifications             | TENANT | 400 | - | {"to": "+12025550170",
        single-quoted JSON                   | POST /v1/verifications             | TENANT | 400 | - | {'to':'+12025550170'}
        JSON with comments                   | POST /v1/admin/tenants             | ADMIN  | 400 | - | {/* hi */"id":"commented"}
        a duplicate member                   | POST /v1/verifications             | TENANT | 400 | - | {"to":"+12025550179","to":"+12025550170"}
        a duplicate member in an admin patch | PATCH /v1/admin/tenants/victim     | ADMIN  | 400 | - | {"name":"a","name":"b"}
        an unquoted member name              | POST /v1/verifications             | TENANT | 400 | - | {to:"+12025550170"}
        a second object after a simulator fault | POST /simulator/providers/twilio | NONE | 400 | - | {"down":false}{"down":true}
        a trailing comma                     | POST /v1/admin/tenants             | ADMIN  | 400 | - | {"id":"comma",}
        """);
    http(
        "encoding",
        "an unescaped control character in a string",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        "{\"to\":\"+1202555\u00010170\"}",
        400,
        null);
  }

  private void types() {
    rows(
        "types",
        """
        to as a number                     | POST /v1/verifications           | TENANT | 400 | to                  | {"to":12025550170}
        to as an array                     | POST /v1/verifications           | TENANT | 400 | to                  | {"to":["+12025550170"]}
        to as an object                    | POST /v1/verifications           | TENANT | 400 | to                  | {"to":{"e164":"+12025550170"}}
        to as null                         | POST /v1/verifications           | TENANT | 400 | to                  | {"to":null}
        push as a string                   | POST /v1/verifications           | TENANT | 400 | push                | {"to":"+12025550170","push":"pending"}
        push.status as a number            | POST /v1/verifications           | TENANT | 400 | push.status         | {"to":"+12025550170","push":{"status":1}}
        ack_timeout_ms as a string         | POST /v1/verifications           | TENANT | 400 | push.ack_timeout_ms | {"to":"+12025550170","push":{"status":"pending","ack_timeout_ms":"5000"}}
        risk as a boolean                  | POST /v1/verifications           | TENANT | 400 | risk                | {"to":"+12025550170","risk":true}
        channel as a number                | POST /v1/verifications           | TENANT | 400 | channel             | {"to":"+12025550170","channel":1}
        locale as a number                 | POST /v1/verifications           | TENANT | 400 | locale              | {"to":"+12025550170","locale":5}
        app_hash as an array               | POST /v1/verifications           | TENANT | 400 | app_hash            | {"to":"+12025550170","app_hash":[]}
        consent as a string                | POST /v1/verifications           | TENANT | 400 | consent             | {"to":"+12025550170","consent":"yes"}
        user_ref as an object              | POST /v1/verifications           | TENANT | 400 | user_ref            | {"to":"+12025550170","user_ref":{}}
        device_id as a number              | POST /v1/verifications           | TENANT | 400 | device_id           | {"to":"+12025550170","device_id":42}
        transaction as a string            | POST /v1/verifications           | TENANT | 400 | transaction         | {"to":"+12025550170","transaction":"49.90 EUR"}
        amount as a JSON number            | POST /v1/verifications           | TENANT | 400 | transaction.amount  | {"to":"+12025550170","transaction":{"amount":49.9,"currency":"EUR","payee":"Acme"}}
        currency as a number               | POST /v1/verifications           | TENANT | 400 | transaction.currency | {"to":"+12025550170","transaction":{"amount":"1","currency":978,"payee":"Acme"}}
        payee as a boolean                 | POST /v1/verifications           | TENANT | 400 | transaction.payee   | {"to":"+12025550170","transaction":{"amount":"1","currency":"EUR","payee":true}}
        a start that is an array           | POST /v1/verifications           | TENANT | 400 | -                   | [{"to":"+12025550170"}]
        a start that is a string           | POST /v1/verifications           | TENANT | 400 | -                   | "+12025550170"
        a start that is a number           | POST /v1/verifications           | TENANT | 400 | -                   | 12025550170
        a start that is null               | POST /v1/verifications           | TENANT | 400 | -                   | null
        a start with no body               | POST /v1/verifications           | TENANT | 400 | -                   | -
        a code as a number                 | POST /v1/verifications/{V}/check | TENANT | 400 | code                | {"code":123456}
        a code as null                     | POST /v1/verifications/{V}/check | TENANT | 400 | code                | {"code":null}
        a check transaction as an array    | POST /v1/verifications/{V}/check | TENANT | 400 | transaction         | {"code":"123456","transaction":[]}
        a cancel body that is an array     | POST /v1/verifications/{V}/cancel | TENANT | 400 | -                  | []
        a cancel body with a member        | POST /v1/verifications/{V}/cancel | TENANT | 400 | force              | {"force":true}
        a preview with to as an object     | POST /v1/routes/preview          | TENANT | 400 | to                  | {"to":{}}
        tenant id as a number              | POST /v1/admin/tenants           | ADMIN  | 400 | id                  | {"id":5}
        countries as a string              | POST /v1/admin/tenants           | ADMIN  | 400 | allowed_countries   | {"id":"typed","allowed_countries":"US"}
        limits as an array                 | POST /v1/admin/tenants           | ADMIN  | 400 | limits              | {"id":"typed","limits":[]}
        templates as an array              | POST /v1/admin/tenants           | ADMIN  | 400 | templates           | {"id":"typed","templates":[]}
        a template as a number             | POST /v1/admin/tenants           | ADMIN  | 400 | templates.en        | {"id":"typed","templates":{"en":5}}
        a callback URL as a number         | POST /v1/admin/tenants           | ADMIN  | 400 | status_callback_url | {"id":"typed","status_callback_url":5}
        a tenant name as a boolean         | PATCH /v1/admin/tenants/victim   | ADMIN  | 400 | name                | {"name":true}
        requests_per_second as a string    | PATCH /v1/admin/tenants/victim   | ADMIN  | 400 | limits.requests_per_second | {"limits":{"requests_per_second":"5"}}
        a patch that is an array           | PATCH /v1/admin/tenants/victim   | ADMIN  | 400 | -                   | []
        rules files as an array            | POST /v1/rules/validate          | ADMIN  | 400 | files               | {"files":[]}
        a rules file as a number           | POST /v1/rules/validate          | TENANT | 400 | files.a.yaml        | {"files":{"a.yaml":5}}
        a key rotation with a body         | POST /v1/admin/tenants/victim/rotate-key | ADMIN | 400 | key           | {"key":"mine"}
        a secret rotation with a body      | POST /v1/admin/tenants/hooked/rotate-callback-secret | ADMIN | 400 | secret | {"secret":"whsec_mine"}
        a simulator fault, down as a string | POST /simulator/providers/twilio | NONE  | 400 | down                | {"down":"yes"}
        a simulator fault, dlr as a number | POST /simulator/providers/sinch  | NONE   | 400 | dlr                 | {"dlr":5}
        a simulator fault that is an array | POST /simulator/providers/rbm    | NONE   | 400 | -                   | []
        """);
  }

  private void limits() {
    String big = "x".repeat(70_000);
    http(
        "limits",
        "a start over 64 KiB",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        "{\"to\":\"+12025550170\",\"user_ref\":\"" + big + "\"}",
        413,
        null);
    http(
        "limits",
        "an admin create over 64 KiB",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "{\"id\":\"big\",\"name\":\"" + big + "\"}",
        413,
        null);
    http(
        "limits",
        "a rules lint over 64 KiB",
        "POST",
        "/v1/rules/validate",
        Key.ADMIN,
        "{\"files\":{\"a.yaml\":\"" + big + "\"}}",
        413,
        null);
    http("limits", "a webhook over 64 KiB", "POST", "/webhooks/twilio", Key.NONE, big, 413, null);
    http(
        "limits",
        "a simulator fault over 64 KiB",
        "POST",
        "/simulator/providers/twilio",
        Key.NONE,
        "{\"x\":\"" + big + "\"}",
        413,
        null);
    http(
        "limits",
        "JSON nested 40 deep",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        "{\"to\":" + "[".repeat(40) + "]".repeat(40) + "}",
        400,
        null);
    http(
        "limits",
        "JSON nested 10000 deep",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "[".repeat(10_000) + "]".repeat(10_000),
        400,
        null);
    start(
        "limits",
        "a user_ref of 129 characters",
        "{\"to\":\"+12025550170\",\"user_ref\":\"" + "u".repeat(129) + "\"}",
        "user_ref");
    start(
        "limits",
        "a device_id of 129 characters",
        "{\"to\":\"+12025550170\",\"device_id\":\"" + "d".repeat(129) + "\"}",
        "device_id");
    start(
        "limits",
        "a WebOTP domain of 254 characters",
        "{\"to\":\"+12025550170\",\"web_otp_domain\":\"" + "a.".repeat(125) + "comx\"}",
        "web_otp_domain");
    start(
        "limits",
        "a locale of 36 characters",
        "{\"to\":\"+12025550170\",\"locale\":\"en-" + "a".repeat(33) + "\"}",
        "locale");
    start(
        "limits",
        "a payee of 65 characters",
        "{\"to\":\"+12025550170\",\"transaction\":{\"amount\":\"1\",\"currency\":\"EUR\",\"payee\":\""
            + "p".repeat(65)
            + "\"}}",
        "transaction.payee");
    http(
        "limits",
        "an Idempotency-Key of 256 characters",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        Map.of("Idempotency-Key", "k".repeat(256)),
        "{\"to\":\"+12025550170\"}",
        400,
        "Idempotency-Key");
    http(
        "limits",
        "a tenant name of 41 characters",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "{\"id\":\"named\",\"name\":\"" + "n".repeat(41) + "\"}",
        400,
        "name");
    http(
        "limits",
        "a template of 321 characters",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "{\"id\":\"templated\",\"templates\":{\"en\":\"{code}" + "t".repeat(315) + "\"}}",
        400,
        "templates.en");
    http(
        "limits",
        "a tenant id of 64 characters",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "{\"id\":\"" + "i".repeat(64) + "\"}",
        400,
        "id");
    http(
        "limits",
        "a callback URL of 2049 characters",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "{\"id\":\"long-hook\",\"status_callback_url\":\"https://hooks.example.com/"
            + "c".repeat(2030)
            + "\"}",
        400,
        "status_callback_url");
    http(
        "limits",
        "251 allowed countries",
        "POST",
        "/v1/admin/tenants",
        Key.ADMIN,
        "{\"id\":\"many\",\"allowed_countries\":[" + "\"US\",".repeat(250) + "\"DE\"]}",
        400,
        "allowed_countries");
    rows(
        "limits",
        """
        a number of 33 characters          | POST /v1/verifications           | TENANT | 400 | to                  | {"to":"+1202555017000000000000000000"}
        an app hash of 12 characters       | POST /v1/verifications           | TENANT | 400 | app_hash            | {"to":"+12025550170","app_hash":"FA+9qCX9VSuX"}
        an amount of 13 whole digits       | POST /v1/verifications           | TENANT | 400 | transaction.amount  | {"to":"+12025550170","transaction":{"amount":"1234567890123","currency":"EUR","payee":"Acme"}}
        an ack timeout under a second      | POST /v1/verifications           | TENANT | 400 | push.ack_timeout_ms | {"to":"+12025550170","push":{"status":"pending","ack_timeout_ms":999}}
        an ack timeout over a minute       | POST /v1/verifications           | TENANT | 400 | push.ack_timeout_ms | {"to":"+12025550170","push":{"status":"pending","ack_timeout_ms":60001}}
        an ack timeout without a pending push | POST /v1/verifications        | TENANT | 400 | push.ack_timeout_ms | {"to":"+12025550170","push":{"status":"failed","ack_timeout_ms":5000}}
        a code of 11 digits                | POST /v1/verifications/{V}/check | TENANT | 400 | code                | {"code":"12345678901"}
        a code of 3 digits                 | POST /v1/verifications/{V}/check | TENANT | 400 | code                | {"code":"123"}
        an empty code                      | POST /v1/verifications/{V}/check | TENANT | 400 | code                | {"code":""}
        no allowed countries               | PATCH /v1/admin/tenants/victim   | ADMIN  | 400 | allowed_countries   | {"allowed_countries":[]}
        a code length of 11                | PATCH /v1/admin/tenants/victim   | ADMIN  | 400 | limits.code_length  | {"limits":{"code_length":11}}
        a code lifetime of 11 minutes      | PATCH /v1/admin/tenants/victim   | ADMIN  | 400 | limits.code_ttl_seconds | {"limits":{"code_ttl_seconds":660}}
        a rules lint with no files         | POST /v1/rules/validate          | ADMIN  | 400 | files               | {"files":{}}
        a rules lint without files         | POST /v1/rules/validate          | ADMIN  | 400 | files               | {}
        a simulator latency over a minute  | POST /simulator/providers/twilio | NONE   | 400 | latency_ms          | {"latency_ms":60001}
        a simulator error rate over 1      | POST /simulator/providers/messagebird | NONE | 400 | error_rate      | {"error_rate":1.5}
        a simulator error status of 200    | POST /simulator/providers/rbm    | NONE   | 400 | error_status        | {"error_status":200}
        a simulator receipt delay over 10 minutes | POST /simulator/providers/sinch | NONE | 400 | dlr_delay_ms   | {"dlr_delay_ms":600001}
        """);
  }

  private void identifiers() {
    rows(
        "identifiers",
        """
        another tenant reads the verification    | GET /v1/verifications/{V}          | OTHER  | 404 | - | -
        another tenant checks the verification   | POST /v1/verifications/{V}/check   | OTHER  | 404 | - | {"code":"123456"}
        another tenant cancels the verification  | POST /v1/verifications/{V}/cancel  | OTHER  | 404 | - | -
        a verification that does not exist       | GET /v1/verifications/ver_aaaaaaaaaaaaaaaaaaaaaaaaaa | TENANT | 404 | - | -
        a check of a verification that does not exist | POST /v1/verifications/ver_aaaaaaaaaaaaaaaaaaaaaaaaaa/check | TENANT | 404 | - | {"code":"123456"}
        a short verification id                  | GET /v1/verifications/ver_abc      | TENANT | 404 | - | -
        an upper-case verification id            | GET /v1/verifications/{V_UPPER}    | TENANT | 404 | - | -
        a verification id with a quote           | GET /v1/verifications/ver_%27%20OR%201%3D1 | TENANT | 404 | - | -
        a verification id with a newline         | POST /v1/verifications/ver_%0a/cancel | TENANT | 404 | - | -
        a verification id with a NUL             | GET /v1/verifications/ver_%00      | TENANT | 404 | - | -
        a dot-dot segment towards the admin API  | GET /v1/verifications/../admin/tenants | TENANT | 401 | - | -
        an encoded dot-dot towards the admin API | GET /v1/verifications/%2e%2e/%2e%2e/v1/admin/tenants | TENANT | 401 | - | -
        a tenant that does not exist             | GET /v1/admin/tenants/nobody       | ADMIN  | 404 | - | -
        a patch of a tenant that does not exist  | PATCH /v1/admin/tenants/nobody     | ADMIN  | 404 | - | {"name":"x"}
        a delete of a tenant that does not exist | DELETE /v1/admin/tenants/nobody    | ADMIN  | 404 | - | -
        a key rotation of a tenant that does not exist | POST /v1/admin/tenants/nobody/rotate-key | ADMIN | 404 | - | -
        a secret rotation of a tenant that does not exist | POST /v1/admin/tenants/nobody/rotate-callback-secret | ADMIN | 404 | - | -
        a secret rotation without a callback URL | POST /v1/admin/tenants/victim/rotate-callback-secret | ADMIN | 409 | - | -
        a tenant id with an encoded slash        | GET /v1/admin/tenants/victim%2Frotate-key | ADMIN | 404 | - | -
        a tenant id that climbs out              | DELETE /v1/admin/tenants/%2e%2e    | ADMIN  | 404 | - | -
        a tenant that already exists             | POST /v1/admin/tenants             | ADMIN  | 409 | - | {"id":"victim","name":"Taken over"}
        a tenant id with upper case and a space  | POST /v1/admin/tenants             | ADMIN  | 400 | id | {"id":"Bad Id"}
        a tenant id that starts with a dash      | POST /v1/admin/tenants             | ADMIN  | 400 | id | {"id":"-lead"}
        a tenant id of dots                      | POST /v1/admin/tenants             | ADMIN  | 400 | id | {"id":".."}
        a tenant without an id                   | POST /v1/admin/tenants             | ADMIN  | 400 | id | {"name":"anonymous"}
        a webhook for a provider that does not exist | POST /webhooks/nexmo           | NONE   | 404 | - | {}
        a webhook provider in upper case         | POST /webhooks/TWILIO              | NONE   | 404 | - | {}
        a webhook provider that climbs out       | POST /webhooks/%2e%2e              | NONE   | 404 | - | {}
        a simulated provider that does not exist | GET /simulator/providers/nexmo     | NONE   | 404 | - | -
        a fault for a provider that does not exist | POST /simulator/providers/nexmo  | NONE   | 404 | - | {"down":true}
        a reset of a provider that does not exist | DELETE /simulator/providers/nexmo | NONE   | 404 | - | -
        the simulator inbox without a number     | GET /simulator/messages            | NONE   | 400 | to | -
        the simulator inbox with a blank number  | GET /simulator/messages?to=%20     | NONE   | 400 | to | -
        a route that does not exist              | GET /v2/verifications              | TENANT | 404 | - | -
        a number without a plus                  | POST /v1/verifications             | TENANT | 400 | to | {"to":"12025550170"}
        a number in a range no one assigned      | POST /v1/verifications             | TENANT | 400 | to | {"to":"+447700900123"}
        a landline                               | POST /v1/verifications             | TENANT | 400 | to | {"to":"+493012345678"}
        a premium-rate number                    | POST /v1/verifications             | TENANT | 400 | to | {"to":"+19005550123"}
        a vanity number in letters               | POST /v1/verifications             | TENANT | 400 | to | {"to":"+1202555CODE"}
        an unknown country code                  | POST /v1/verifications             | TENANT | 400 | to | {"to":"+9991234567"}
        a number with an extension               | POST /v1/verifications             | TENANT | 400 | to | {"to":"+12025550170;ext=5"}
        a preview to a landline                  | POST /v1/routes/preview            | TENANT | 400 | to | {"to":"+493012345678"}
        """);
  }

  private void authentication() {
    rows(
        "authentication",
        """
        no key on a start                    | POST /v1/verifications                   | NONE   | 401 | - | {"to":"+12025550170"}
        no key on a read                     | GET /v1/verifications/{V}                | NONE   | 401 | - | -
        no key on a check                    | POST /v1/verifications/{V}/check         | NONE   | 401 | - | {"code":"123456"}
        no key on a cancel                   | POST /v1/verifications/{V}/cancel        | NONE   | 401 | - | -
        no key on a preview                  | POST /v1/routes/preview                  | NONE   | 401 | - | {"to":"+12025550170"}
        no key on the rules                  | GET /v1/rules                            | NONE   | 401 | - | -
        no key on a rules lint               | POST /v1/rules/validate                  | NONE   | 401 | - | {"files":{"a.yaml":"x: 1"}}
        no key on a rules reload             | POST /v1/admin/rules/reload              | NONE   | 401 | - | -
        no key on a tenant create            | POST /v1/admin/tenants                   | NONE   | 401 | - | {"id":"unauthorised"}
        no key on the tenant list            | GET /v1/admin/tenants                    | NONE   | 401 | - | -
        no key on a tenant read              | GET /v1/admin/tenants/victim             | NONE   | 401 | - | -
        no key on a tenant patch             | PATCH /v1/admin/tenants/victim           | NONE   | 401 | - | {"name":"Owned"}
        no key on a tenant delete            | DELETE /v1/admin/tenants/victim          | NONE   | 401 | - | -
        no key on a key rotation             | POST /v1/admin/tenants/victim/rotate-key | NONE   | 401 | - | -
        no key on a secret rotation          | POST /v1/admin/tenants/hooked/rotate-callback-secret | NONE | 401 | - | -
        a tenant key on a rules reload       | POST /v1/admin/rules/reload              | TENANT | 401 | - | -
        a tenant key on a tenant create      | POST /v1/admin/tenants                   | TENANT | 401 | - | {"id":"unauthorised"}
        a tenant key on the tenant list      | GET /v1/admin/tenants                    | TENANT | 401 | - | -
        a tenant key on its own tenant       | GET /v1/admin/tenants/victim             | TENANT | 401 | - | -
        a tenant key on a tenant patch       | PATCH /v1/admin/tenants/victim           | TENANT | 401 | - | {"limits":{"requests_per_second":100000}}
        a tenant key on a tenant delete      | DELETE /v1/admin/tenants/intruder        | TENANT | 401 | - | -
        a tenant key on a key rotation       | POST /v1/admin/tenants/intruder/rotate-key | TENANT | 401 | - | -
        a tenant key on a secret rotation    | POST /v1/admin/tenants/hooked/rotate-callback-secret | TENANT | 401 | - | -
        the admin key on a start             | POST /v1/verifications                   | ADMIN  | 401 | - | {"to":"+12025550170"}
        the admin key on a preview           | POST /v1/routes/preview                  | ADMIN  | 401 | - | {"to":"+12025550170"}
        the admin key on a check             | POST /v1/verifications/{V}/check         | ADMIN  | 401 | - | {"code":"123456"}
        an unsigned Sinch receipt            | POST /webhooks/sinch                     | NONE   | 401 | - | {"type":"recipient_delivery_report_sms","status":"Failed","client_reference":"{V}.1"}
        an unsigned MessageBird receipt      | GET /webhooks/messagebird?reference={V}.1&status=delivery_failed | NONE | 401 | - | -
        an unsigned RBM event                | POST /webhooks/rbm                       | NONE   | 401 | - | {"message":{"data":"e30="}}
        """);
    String[][] bearers = {
      {"an empty bearer token", "Bearer "},
      {"a Basic credential", "Basic dmljdGltOmtleQ=="},
      {"a key without its scheme", "{tenant}"},
      {"a key with text after it", "Bearer {tenant}x"},
      {"a key cut short", "Bearer {tenant_short}"},
      {"a key of another kind", "Bearer otpa_{tenant}"},
      {"a guessed key", "Bearer otpk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
      {"a key of 7000 characters", "Bearer otpk_" + "A".repeat(7000)},
      {"the admin key twice", "Bearer {admin}{admin}"},
    };
    for (String[] b : bearers) {
      http(
          "authentication",
          b[0],
          "GET",
          "/v1/verifications/{V}",
          Key.NONE,
          Map.of("Authorization", b[1]),
          null,
          401,
          null);
    }
    raw(
        "authentication",
        "a key in non-ASCII letters",
        "GET /v1/verifications/{V} HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer otpk_\u043a\u043b\u044e\u0447\r\nConnection: close\r\n\r\n",
        401,
        null);
    String form = "application/x-www-form-urlencoded";
    String forgedTwilio = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    http(
        "authentication",
        "an unsigned Twilio receipt",
        "POST",
        "/webhooks/twilio",
        Key.NONE,
        Map.of("Content-Type", form),
        "MessageSid=SM1&MessageStatus=delivered",
        401,
        null);
    http(
        "authentication",
        "a Twilio receipt with a forged signature",
        "POST",
        "/webhooks/twilio?ref={V}.1",
        Key.NONE,
        Map.of("Content-Type", form, "X-Twilio-Signature", forgedTwilio),
        "MessageSid=SM1&MessageStatus=undelivered",
        403,
        null);
    http(
        "authentication",
        "a Twilio receipt by GET",
        "GET",
        "/webhooks/twilio?MessageStatus=failed",
        Key.NONE,
        Map.of("X-Twilio-Signature", forgedTwilio),
        null,
        403,
        null);
    http(
        "authentication",
        "a Sinch receipt with a forged signature",
        "POST",
        "/webhooks/sinch",
        Key.NONE,
        Map.of(
            "x-sinch-webhook-signature",
            "AAAA",
            "x-sinch-webhook-signature-nonce",
            "n",
            "x-sinch-webhook-signature-timestamp",
            "1",
            "x-sinch-webhook-signature-algorithm",
            "HmacSHA256"),
        "{\"type\":\"recipient_delivery_report_sms\",\"status\":\"Failed\",\"client_reference\":\"{V}.1\"}",
        403,
        null);
    http(
        "authentication",
        "a MessageBird receipt with alg none",
        "GET",
        "/webhooks/messagebird?reference={V}.1&status=delivery_failed",
        Key.NONE,
        Map.of(
            "MessageBird-Signature-JWT",
            "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJNZXNzYWdlQmlyZCJ9."),
        null,
        403,
        null);
    http(
        "authentication",
        "a MessageBird receipt with a garbage token",
        "POST",
        "/webhooks/messagebird",
        Key.NONE,
        Map.of("MessageBird-Signature-JWT", "not.a.jwt"),
        "{}",
        403,
        null);
    http(
        "authentication",
        "an RBM event with a forged signature",
        "POST",
        "/webhooks/rbm",
        Key.NONE,
        Map.of("X-Goog-Signature", "Zm9yZ2Vk"),
        "{\"message\":{\"data\":\"e30=\"}}",
        403,
        null);
  }

  private void injection() {
    rows(
        "injection",
        """
        a shell command after the number     | POST /v1/verifications | TENANT | 400 | to | {"to":"+12025550170; rm -rf /"}
        a header after the number            | POST /v1/verifications | TENANT | 400 | to | {"to":"+12025550170\\r\\nX-Injected: 1"}
        a second number after a comma        | POST /v1/verifications | TENANT | 400 | to | {"to":"+12025550170,+12025550171"}
        a header in the locale               | POST /v1/verifications | TENANT | 400 | locale | {"to":"+12025550170","locale":"en\\r\\nSet-Cookie: a=b"}
        a path in the locale                 | POST /v1/verifications | TENANT | 400 | locale | {"to":"+12025550170","locale":"../../etc/passwd"}
        a placeholder in the locale          | POST /v1/verifications | TENANT | 400 | locale | {"to":"+12025550170","locale":"{code}"}
        script in the app hash               | POST /v1/verifications | TENANT | 400 | app_hash | {"to":"+12025550170","app_hash":"<script>x<"}
        a fragment in the WebOTP domain      | POST /v1/verifications | TENANT | 400 | web_otp_domain | {"to":"+12025550170","web_otp_domain":"evil.example/#"}
        a second WebOTP line in the domain   | POST /v1/verifications | TENANT | 400 | web_otp_domain | {"to":"+12025550170","web_otp_domain":"app.example.com\\n@evil.example"}
        a user_ref with a line break         | POST /v1/verifications | TENANT | 400 | user_ref | {"to":"+12025550170","user_ref":"u-1\\nDELIVERED"}
        a device_id with a tab               | POST /v1/verifications | TENANT | 400 | device_id | {"to":"+12025550170","device_id":"d\\t9"}
        a prototype member                   | POST /v1/verifications | TENANT | 400 | __proto__ | {"to":"+12025550170","__proto__":{"admin":true}}
        a transaction with an extra member   | POST /v1/verifications | TENANT | 400 | transaction.approved | {"to":"+12025550170","transaction":{"amount":"1","currency":"EUR","payee":"Acme","approved":true}}
        a payee that fakes a second line     | POST /v1/verifications | TENANT | 400 | transaction.payee | {"to":"+12025550170","transaction":{"amount":"1","currency":"EUR","payee":"Acme\\nYour code is 000000"}}
        a code with SQL                      | POST /v1/verifications/{V}/check | TENANT | 400 | code | {"code":"1' OR '1'='1"}
        a callback URL to the metadata service | POST /v1/admin/tenants | ADMIN | 400 | status_callback_url | {"id":"ssrf","status_callback_url":"https://169.254.169.254/latest/meta-data/"}
        a callback URL to a private network  | POST /v1/admin/tenants | ADMIN | 400 | status_callback_url | {"id":"ssrf","status_callback_url":"https://10.0.0.1/admin"}
        a callback URL with credentials      | POST /v1/admin/tenants | ADMIN | 400 | status_callback_url | {"id":"ssrf","status_callback_url":"https://admin:admin@hooks.example.com/"}
        a callback URL hiding its host behind an at sign | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"https://hooks.example.com@127.0.0.1/"}
        a callback URL with a decimal address | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"https://2852039166/"}
        a callback URL to an IPv4-mapped address | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"https://[::ffff:a9fe:a9fe]/"}
        a callback URL to a unique-local address | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"https://[fd00:ec2::254]/"}
        a callback URL to an internal name   | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"https://metadata.google.internal/computeMetadata/v1/"}
        a callback URL to a file             | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"file:///etc/passwd"}
        a callback URL in gopher             | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"gopher://127.0.0.1:6379/_FLUSHALL"}
        a callback URL in JavaScript         | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"javascript:alert(1)"}
        a callback URL over plain http       | PATCH /v1/admin/tenants/victim | ADMIN | 400 | status_callback_url | {"status_callback_url":"http://hooks.example.com/"}
        a template that asks for the API key | PATCH /v1/admin/tenants/victim | ADMIN | 400 | templates.en | {"templates":{"en":"{code} {api_key}"}}
        a template with an unknown placeholder | PATCH /v1/admin/tenants/victim | ADMIN | 400 | templates.en | {"templates":{"en":"{code} {secret}"}}
        a template keyed by a prototype      | PATCH /v1/admin/tenants/victim | ADMIN | 400 | templates.__proto__ | {"templates":{"__proto__":"{code}"}}
        a template for a language that does not exist | PATCH /v1/admin/tenants/victim | ADMIN | 400 | templates.xx | {"templates":{"xx":"{code}"}}
        a tenant name with a NUL             | PATCH /v1/admin/tenants/victim | ADMIN | 400 | name | {"name":"Acme\\u0000"}
        a key hash smuggled into a create    | POST /v1/admin/tenants | ADMIN | 400 | api_key_sha256 | {"id":"smuggler","api_key_sha256":"0000000000000000000000000000000000000000000000000000000000000000"}
        a callback secret smuggled into a patch | PATCH /v1/admin/tenants/victim | ADMIN | 400 | callback_secret | {"callback_secret":"whsec_mine"}
        a config flag smuggled into a patch  | PATCH /v1/admin/tenants/victim | ADMIN | 400 | declared_in_config | {"declared_in_config":true}
        an id smuggled into a patch          | PATCH /v1/admin/tenants/victim | ADMIN | 400 | id | {"id":"intruder"}
        a simulator fault with an unknown member | POST /simulator/providers/twilio | NONE | 400 | silent | {"silent":true}
        a simulator RCS list with a script   | POST /simulator/providers/rbm | NONE | 400 | rcs_capable | {"rcs_capable":["<script>"]}
        """);
    http(
        "injection",
        "an Idempotency-Key with a space",
        "POST",
        "/v1/verifications",
        Key.TENANT,
        Map.of("Idempotency-Key", "a b"),
        "{\"to\":\"+12025550170\"}",
        400,
        "Idempotency-Key");
  }

  private void numbers() {
    String tx =
        "{\"to\":\"+12025550170\",\"transaction\":{\"amount\":\"%s\",\"currency\":\"%s\",\"payee\":\"Acme\"}}";
    String[][] amounts = {
      {"-1.00", "EUR"}, {"1e3", "EUR"}, {"0x10", "EUR"}, {"01.00", "EUR"}, {"1.00000", "EUR"},
      {"", "EUR"}, {" 1.00", "EUR"}, {"1,00", "EUR"}, {"NaN", "EUR"}, {"Infinity", "EUR"},
      {"49.999", "EUR"}, {"1.5", "JPY"}, {"1.", "EUR"}, {".5", "EUR"}, {"+1", "EUR"},
    };
    for (String[] a : amounts) {
      start(
          "numbers",
          "the amount \"" + a[0] + "\" in " + a[1],
          String.format(tx, a[0], a[1]),
          "transaction.amount");
    }
    for (String c : new String[] {"XYZ", "XXX", "XTS", "XAU", "eur", "EU", "EURO", "DEM"}) {
      start("numbers", "the currency " + c, String.format(tx, "1.00", c), "transaction.currency");
    }
    String push =
        "{\"to\":\"+12025550170\",\"push\":{\"status\":\"pending\",\"ack_timeout_ms\":%s}}";
    for (String t :
        new String[] {
          "1e3", "1000.0", "-1000", "2147483648", "99999999999999999999999", "1E400", "0"
        }) {
      start("numbers", "an ack timeout of " + t, String.format(push, t), "push.ack_timeout_ms");
    }
    rows(
        "numbers",
        """
        an ack timeout of NaN               | POST /v1/verifications           | TENANT | 400 | - | {"to":"+12025550170","push":{"status":"pending","ack_timeout_ms":NaN}}
        a per-number limit of 0             | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.per_destination_per_hour | {"limits":{"per_destination_per_hour":0}}
        a per-number limit of 1001          | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.per_destination_per_hour | {"limits":{"per_destination_per_hour":1001}}
        a negative rate                     | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.requests_per_second | {"limits":{"requests_per_second":-5}}
        a fractional rate                   | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.requests_per_second | {"limits":{"requests_per_second":2.5}}
        a rate in exponent notation         | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.requests_per_second | {"limits":{"requests_per_second":1e2}}
        a rate beyond 100000                | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.requests_per_second | {"limits":{"requests_per_second":100001}}
        a rate beyond 2^31                  | POST /v1/admin/tenants           | ADMIN | 400 | limits.requests_per_second | {"id":"huge","limits":{"requests_per_second":4294967296}}
        a code lifetime of 59 seconds       | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.code_ttl_seconds | {"limits":{"code_ttl_seconds":59}}
        a code length of 3                  | PATCH /v1/admin/tenants/victim   | ADMIN | 400 | limits.code_length | {"limits":{"code_length":3}}
        a code with a sign                  | POST /v1/verifications/{V}/check | TENANT | 400 | code | {"code":"-12345"}
        a code in exponent notation         | POST /v1/verifications/{V}/check | TENANT | 400 | code | {"code":"1e5"}
        a code with a decimal point         | POST /v1/verifications/{V}/check | TENANT | 400 | code | {"code":"1234.5"}
        a simulator latency below zero      | POST /simulator/providers/sinch  | NONE  | 400 | latency_ms | {"latency_ms":-1}
        a simulator latency as a fraction   | POST /simulator/providers/sinch  | NONE  | 400 | latency_ms | {"latency_ms":1.5}
        a simulator error rate below zero   | POST /simulator/providers/twilio | NONE  | 400 | error_rate | {"error_rate":-0.1}
        """);
  }

  private void unicode() {
    String[][] payees = {
      {"a right-to-left override", "Acme\\u202eDTL"},
      {"a left-to-right override", "Acme\\u202dLtd"},
      {"a right-to-left isolate", "Acme\\u2067Ltd\\u2069"},
      {"a right-to-left mark", "Acme\\u200fLtd"},
      {"a zero-width space", "Ac\\u200bme"},
      {"a zero-width joiner", "Ac\\u200dme"},
      {"a byte order mark", "\\ufeffAcme"},
      {"a soft hyphen", "Ac\\u00adme"},
      {"a tag character", "Acme\\udb40\\udc41"},
      {"a variation selector", "Acme\\ufe0f"},
      {"a no-break space", "Acme\\u00a0Ltd"},
      {"a line separator", "Acme\\u2028Ltd"},
      {"a lone surrogate", "Acme\\ud800"},
      {"a private-use character", "Acme\\ue000"},
      {"a Cyrillic letter among Latin ones", "\\u0410cme Ltd"},
      {"a Greek letter among Latin ones", "Micr\\u03bfsoft"},
      {"a stack of combining marks", "Acme" + "\\u0301\\u0302\\u0303\\u0304\\u0305\\u0306\\u0307"},
      {"a leading space", " Acme"},
      {"digits of two number systems", "Shop 1\\u0662"},
    };
    for (String[] p : payees) {
      String tx = "{\"amount\":\"1.00\",\"currency\":\"EUR\",\"payee\":\"" + p[1] + "\"}";
      start(
          "unicode",
          "a payee with " + p[0],
          "{\"to\":\"+12025550170\",\"transaction\":" + tx + "}",
          "transaction.payee");
    }
    rows(
        "unicode",
        """
        a reversed payee in a preview        | POST /v1/routes/preview          | TENANT | 400 | transaction.payee | {"to":"+12025550170","transaction":{"amount":"1.00","currency":"EUR","payee":"Acme\\u202eDTL"}}
        a reversed payee in a check          | POST /v1/verifications/{V}/check | TENANT | 400 | transaction.payee | {"code":"123456","transaction":{"amount":"1.00","currency":"EUR","payee":"Acme\\u202eDTL"}}
        a reversed tenant name               | POST /v1/admin/tenants           | ADMIN  | 400 | name | {"id":"spoof","name":"Bank\\u202eknaB"}
        a tenant name with a zero-width space | PATCH /v1/admin/tenants/victim  | ADMIN  | 400 | name | {"name":"Ac\\u200bme"}
        a tenant name mixing Cyrillic and Latin | PATCH /v1/admin/tenants/victim | ADMIN | 400 | name | {"name":"P\\u0430yPal"}
        a template with a right-to-left override | PATCH /v1/admin/tenants/victim | ADMIN | 400 | templates.en | {"templates":{"en":"{code}\\u202e"}}
        a number in Arabic-Indic digits      | POST /v1/verifications           | TENANT | 400 | to | {"to":"+\\u0661\\u0662\\u0660\\u0662\\u0665\\u0665\\u0665\\u0660\\u0661\\u0667\\u0660"}
        a number in full-width digits        | POST /v1/verifications           | TENANT | 400 | to | {"to":"\\uff0b\\uff11\\uff12\\uff10\\uff12\\uff15\\uff15\\uff15\\uff10\\uff11\\uff17\\uff10"}
        a locale in full-width letters       | POST /v1/verifications           | TENANT | 400 | locale | {"to":"+12025550170","locale":"\\uff45\\uff4e"}
        a locale no template serves          | POST /v1/verifications           | TENANT | 400 | locale | {"to":"+12025550170","locale":"tlh"}
        a user_ref with an accented letter   | POST /v1/verifications           | TENANT | 400 | user_ref | {"to":"+12025550170","user_ref":"\\u00fcser"}
        a WebOTP domain in Cyrillic          | POST /v1/verifications           | TENANT | 400 | web_otp_domain | {"to":"+12025550170","web_otp_domain":"\\u0430pp.example.com"}
        a code in full-width digits          | POST /v1/verifications/{V}/check | TENANT | 400 | code | {"code":"\\uff11\\uff12\\uff13\\uff14\\uff15\\uff16"}
        a code in Arabic-Indic digits        | POST /v1/verifications/{V}/check | TENANT | 400 | code | {"code":"\\u0661\\u0662\\u0663\\u0664\\u0665\\u0666"}
        a tenant id with an accent           | POST /v1/admin/tenants           | ADMIN  | 400 | id | {"id":"caf\\u00e9"}
        a country in dotless-i Turkish case  | POST /v1/admin/tenants           | ADMIN  | 400 | allowed_countries | {"id":"turkish","allowed_countries":["\\u0131t"]}
        a callback host in Unicode           | POST /v1/admin/tenants           | ADMIN  | 400 | status_callback_url | {"id":"idn","status_callback_url":"https://h\\u043e\\u043eks.example.com/"}
        a verification id in Unicode         | GET /v1/verifications/ver_%C3%A9 | TENANT | 404 | - | -
        """);
    raw(
        "unicode",
        "an Idempotency-Key in Cyrillic",
        "POST /v1/verifications HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer {tenant}\r\nContent-Type: application/json\r\nIdempotency-Key: \u043a\u043b\u044e\u0447\r\nContent-Length: 21\r\nConnection: close\r\n\r\n{\"to\":\"+12025550170\"}",
        400,
        "Idempotency-Key");
  }

  // ---- building cases ----

  /** Cases as rows: name | METHOD path | key | status | field or - | body or -. */
  private void rows(String group, String table) {
    for (String line : table.strip().split("\n")) {
      String[] cell = line.split(" \\| ", 6);
      String[] request = cell[1].strip().split(" ", 2);
      String key = cell[2].strip();
      String field = cell[4].strip();
      String body = cell[5].strip();
      http(
          group,
          cell[0].strip(),
          request[0],
          request[1],
          key.equals("OTHER") ? Key.OTHER_TENANT : Key.valueOf(key),
          body.equals("-") ? null : body,
          Integer.parseInt(cell[3].strip()),
          field.equals("-") ? null : field);
    }
  }

  private void start(String group, String name, String body, String field) {
    http(group, name, "POST", "/v1/verifications", Key.TENANT, body, 400, field);
  }

  private void http(
      String group,
      String name,
      String method,
      String path,
      Key key,
      String body,
      int status,
      String field) {
    http(group, name, method, path, key, Map.of(), body, status, field);
  }

  private void http(
      String group,
      String name,
      String method,
      String path,
      Key key,
      Map<String, String> headers,
      String body,
      int status,
      String field) {
    bytesCase(
        group, name, method, path, key, headers, body == null ? null : body(body), status, field);
  }

  private void bytesCase(
      String group,
      String name,
      String method,
      String path,
      Key key,
      Map<String, String> headers,
      byte[] body,
      int status,
      String field) {
    cases.add(new Case(group, name, method, path, key, headers, body, null, status, field));
  }

  private void raw(String group, String name, String request, int status, String field) {
    cases.add(new Case(group, name, null, null, Key.NONE, Map.of(), null, request, status, field));
  }

  private void hangUp(String name, String partial) {
    cases.add(new Case("framing", name, null, null, Key.NONE, Map.of(), null, partial, 0, null));
  }

  private static byte[] body(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String prefix, int... more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    for (int b : more) {
      out.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
