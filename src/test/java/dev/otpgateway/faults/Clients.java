package dev.otpgateway.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People logging in while the harness breaks the cluster: each session starts a verification at a
 * random member, and when that member does not answer or answers 503 it tries the next one with the
 * same {@code Idempotency-Key}, as a client should. Then it reads the code off the simulated
 * handset and checks it, or acknowledges the push in time, or walks away and lets the code expire.
 * Every answer goes into the log the checker reads.
 */
final class Clients implements AutoCloseable {
  /** How often a client tries another member for one request before it gives up on it. */
  private static final int TRIES = 8;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

  private final List<String> members;
  private final String simulator;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Queue<ClientCall> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger serial = new AtomicInteger();
  private ExecutorService sessions;
  private volatile boolean running;
  private volatile String phase = "setup";
  private volatile String numbers = "+12125550";

  Clients(List<String> members, String simulator, String key) {
    this.members = members;
    this.simulator = simulator;
    this.key = key;
  }

  /**
   * The phase the calls that follow belong to, and the 8-digit prefix of the numbers their new
   * sessions use (each phase has its own, so the fraud counts of one phase can be told apart).
   */
  void phase(String name, String prefix) {
    phase = name;
    numbers = prefix;
  }

  /** Starts {@code threads} people, each running one session after another until {@link #stop}. */
  void run(int threads) {
    running = true;
    sessions = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      long seed = t;
      sessions.submit(
          () -> {
            Random random = new Random(seed);
            while (running) {
              session(random);
            }
          });
    }
  }

  void stop() throws InterruptedException {
    running = false;
    sessions.shutdown();
    if (!sessions.awaitTermination(60, TimeUnit.SECONDS)) {
      sessions.shutdownNow();
    }
  }

  List<ClientCall> calls() {
    return new ArrayList<>(calls);
  }

  /** A fresh number under the current phase's prefix. */
  String nextNumber() {
    return numbers + String.format("%03d", serial.incrementAndGet() % 1000);
  }

  private void session(Random random) {
    int kind = random.nextInt(100);
    String number = nextNumber();
    if (kind < 15) {
      JsonObject started =
          start(number, "{\"status\":\"pending\",\"ack_timeout_ms\":1000}", random);
      if (started != null && random.nextBoolean()) {
        pause(200);
        call("cancel", started.getString("id"), number, "", random);
        return;
      }
      approve(started, number, random, false);
    } else if (kind < 20 && phase.equals("warm-up")) {
      // Walks away: the code expires (the short form's lifetime has passed before it ends).
      start(number, null, random);
    } else {
      approve(start(number, null, random), number, random, kind >= 90);
    }
  }

  /** Reads the code off the handset and checks it; with {@code again}, checks it a second time. */
  private void approve(JsonObject started, String number, Random random, boolean again) {
    if (started == null) {
      return;
    }
    String code = awaitCode(number);
    if (code == null) {
      return; // never reached the handset: the verification expires, and the checker sees it
    }
    String id = started.getString("id");
    call("check", id, number, code(code), random);
    if (again) {
      call("check", id, number, code(code), random);
    }
  }

  /** Checks a code at one given member, once: for the checks the harness itself makes. */
  ClientCall checkAt(int member, String id, String number, String code) {
    return send(
        member, "check", null, number, id, "/v1/verifications/" + id + "/check", code(code));
  }

  private static String code(String code) {
    return "{\"code\":\"" + code + "\"}";
  }

  /**
   * A start, tried at member after member with one key until one answers other than 503.
   *
   * @param push the start's {@code push} object, or null
   * @return the answer's body when it was accepted, else null
   */
  JsonObject start(String number, String push, Random random) {
    String body = "{\"to\":\"" + number + "\"" + (push == null ? "" : ",\"push\":" + push) + "}";
    String idempotencyKey = UUID.randomUUID().toString();
    int first = random.nextInt(members.size());
    for (int i = 0; i < TRIES; i++) {
      ClientCall c =
          send(
              (first + i) % members.size(),
              "start",
              idempotencyKey,
              number,
              null,
              "/v1/verifications",
              body);
      if (c.accepted()) {
        return new JsonObject(c.outcome());
      }
      if (!retryable(c)) {
        return null;
      }
      pause(300);
    }
    return null;
  }

  /** A check or a cancel, tried at member after member until one answers other than 503. */
  private void call(String op, String id, String number, String body, Random random) {
    int first = random.nextInt(members.size());
    for (int i = 0; i < TRIES; i++) {
      ClientCall c =
          send(
              (first + i) % members.size(),
              op,
              null,
              number,
              id,
              "/v1/verifications/" + id + "/" + op,
              body);
      if (!retryable(c)) {
        return;
      }
      pause(300);
    }
  }

  private static boolean retryable(ClientCall c) {
    return c.status() == 0 || c.status() == 503;
  }

  private ClientCall send(
      int member,
      String op,
      String idempotencyKey,
      String number,
      String id,
      String path,
      String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(members.get(member) + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    String phaseNow = phase;
    int status = 0;
    String verification = id;
    String outcome;
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      status = r.statusCode();
      JsonObject json = r.body().startsWith("{") ? new JsonObject(r.body()) : new JsonObject();
      if (op.equals("start") && (status == 201 || status == 202)) {
        verification = json.getString("id");
        outcome = r.body();
      } else if (json.containsKey("type")) {
        outcome = json.getString("type");
      } else {
        outcome = json.getString("status", "");
      }
    } catch (IOException e) {
      outcome = e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    ClientCall c =
        new ClientCall(
            System.currentTimeMillis(),
            phaseNow,
            op,
            member,
            idempotencyKey,
            number,
            verification,
            status,
            outcome);
    calls.add(c);
    return c;
  }

  /** The newest code on the number's handset, waiting up to 15 s for one. */
  String awaitCode(String number) {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      JsonArray messages = handset(number);
      if (messages != null && !messages.isEmpty()) {
        Matcher m = CODE.matcher(messages.getJsonObject(0).getString("body", ""));
        if (m.find()) {
          return m.group(1);
        }
      }
      pause(100);
    }
    return null;
  }

  /**
   * What the number's simulated handset received, newest first; null when the simulator is away.
   */
  JsonArray handset(String number) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          simulator
                              + "/simulator/messages?to="
                              + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                  .timeout(REQUEST_TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return null;
      }
      return new JsonObject(r.body()).getJsonArray("messages");
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (sessions != null && !sessions.isShutdown()) {
      stop();
    }
  }
}
