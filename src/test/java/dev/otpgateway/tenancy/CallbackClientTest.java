package dev.otpgateway.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Callbacks go where the policy allows after DNS, each time: a resolver stands in for DNS (a name
 * can answer differently on each lookup, as a rebinding attacker's does), a server on 127.0.0.1
 * stands in for whatever the name points at.
 */
class CallbackClientTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> hostsSeen = new CopyOnWriteArrayList<>();
  private final Deque<List<InetAddress>> answers = new ArrayDeque<>();
  private HttpServer target;
  private HttpServer elsewhere;
  private final List<String> elsewhereSeen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    target =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      hostsSeen.add(req.getHeader("Host"));
                      switch (req.path()) {
                        case "/redirect" ->
                            req.response()
                                .setStatusCode(302)
                                .putHeader(
                                    "Location",
                                    "http://127.0.0.1:" + elsewhere.actualPort() + "/stolen")
                                .end();
                        case "/endless" -> endless(req.response());
                        default -> req.response().setStatusCode(204).end();
                      }
                    })
                .listen(0, "127.0.0.1"));
    elsewhere =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      elsewhereSeen.add(req.path());
                      req.response().end();
                    })
                .listen(0, "127.0.0.1"));
  }

  /** An answer that never ends: 64 KiB every 10 ms for as long as the connection lasts. */
  private void endless(io.vertx.core.http.HttpServerResponse response) {
    response.setChunked(true);
    vertx.setPeriodic(
        10,
        id -> {
          if (response.closed() || response.ended()) {
            vertx.cancelTimer(id);
          } else {
            response.write(Buffer.buffer(new byte[64 * 1024]));
          }
        });
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  /** Answers each lookup with the next queued list of addresses. */
  private CallbackClient client(boolean simulatorOn) {
    return new CallbackClient(
        vertx,
        new CallbackTargetPolicy(simulatorOn),
        host -> Future.succeededFuture(answers.isEmpty() ? List.of() : answers.poll()));
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private Future<Integer> post(CallbackClient client, String url) {
    return client.post(url, Map.of("Content-Type", "application/json"), Buffer.buffer("{}"));
  }

  @Test
  void posts_to_the_address_the_name_resolved_to_under_the_name_it_was_given() throws Exception {
    answers.add(List.of(ip("127.0.0.1")));

    int status =
        Await.result(post(client(true), "http://localhost:" + target.actualPort() + "/cb"));

    assertThat(status).isEqualTo(204);
    assertThat(hostsSeen).containsExactly("localhost:" + target.actualPort());
  }

  @Test
  void a_public_name_that_resolves_to_loopback_is_refused_and_nothing_connects() throws Exception {
    answers.add(List.of(ip("127.0.0.1")));

    Throwable refused =
        Await.failure(
            post(client(false), "https://hooks.example.com:" + target.actualPort() + "/cb"));

    assertThat(refused)
        .isInstanceOf(CallbackClient.RefusedException.class)
        .hasMessageContaining("resolves to 127.0.0.1")
        .hasMessageContaining("loopback");
    assertThat(hostsSeen).isEmpty();
  }

  @Test
  void one_private_address_among_public_ones_refuses_the_lot() throws Exception {
    answers.add(List.of(ip("93.184.216.34"), ip("10.0.0.7")));

    Throwable refused = Await.failure(post(client(false), "https://hooks.example.com/cb"));

    assertThat(refused).hasMessageContaining("10.0.0.7").hasMessageContaining("private");
  }

  @Test
  void a_name_is_resolved_again_for_every_callback_so_rebinding_is_caught() throws Exception {
    CallbackClient client = client(true);
    String url = "http://localhost:" + target.actualPort() + "/cb";
    answers.add(List.of(ip("127.0.0.1")));
    answers.add(List.of(ip("169.254.169.254")));

    int first = Await.result(post(client, url));
    Throwable second = Await.failure(post(client, url));

    assertThat(first).isEqualTo(204);
    assertThat(second).hasMessageContaining("169.254.169.254").hasMessageContaining("metadata");
    assertThat(hostsSeen).hasSize(1);
  }

  @Test
  void a_refused_url_is_never_resolved() {
    answers.add(List.of());

    Throwable refused =
        Await.failure(post(client(false), "https://user:secret@hooks.example.com/cb"));

    assertThat(refused).hasMessageContaining("user name or password");
    assertThat(answers).hasSize(1);
  }

  @Test
  void redirects_are_not_followed() throws Exception {
    answers.add(List.of(ip("127.0.0.1")));

    int status =
        Await.result(post(client(true), "http://localhost:" + target.actualPort() + "/redirect"));

    assertThat(status).isEqualTo(302);
    assertThat(elsewhereSeen).isEmpty();
  }

  @Test
  void an_answer_that_never_ends_does_not_hold_the_callback() throws Exception {
    answers.add(List.of(ip("127.0.0.1")));

    int status =
        Await.result(post(client(true), "http://localhost:" + target.actualPort() + "/endless"));

    assertThat(status).isEqualTo(200);
  }

  @Test
  void over_tls_the_checked_address_is_reached_under_the_name_and_its_certificate_is_verified()
      throws Exception {
    SelfSignedCertificate localhost = SelfSignedCertificate.create("localhost");
    SelfSignedCertificate stranger = SelfSignedCertificate.create("stranger.example");
    HttpServer genuine = tlsServer(localhost);
    HttpServer impostor = tlsServer(stranger);
    CallbackClient trustingBoth =
        new CallbackClient(
            vertx,
            new CallbackTargetPolicy(true),
            host -> Future.succeededFuture(List.of(InetAddress.getLoopbackAddress())),
            new PemTrustOptions()
                .addCertPath(localhost.certificatePath())
                .addCertPath(stranger.certificatePath()));

    // A trusted certificate for another name: refused, so the name is what is verified.
    Throwable wrongName =
        Await.failure(post(trustingBoth, "https://localhost:" + impostor.actualPort() + "/cb"));
    int status =
        Await.result(post(trustingBoth, "https://localhost:" + genuine.actualPort() + "/cb"));

    assertThat(wrongName).isNotInstanceOf(CallbackClient.RefusedException.class);
    assertThat(status).isEqualTo(204);
    assertThat(hostsSeen).containsExactly("localhost:" + genuine.actualPort());
  }

  private HttpServer tlsServer(SelfSignedCertificate certificate) {
    return Await.result(
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setSsl(true)
                    .setKeyCertOptions(certificate.keyCertOptions()))
            .requestHandler(
                req -> {
                  hostsSeen.add(req.getHeader("Host"));
                  req.response().setStatusCode(204).end();
                })
            .listen(0, "127.0.0.1"));
  }
}
