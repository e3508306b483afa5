package dev.otpgateway.scenario;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a run's traffic through the gateway's real HTTP API, on one event loop of the player's own
 * Vert.x: each start at its planned time, then each person as they would act. A person looks at
 * their phone (the simulated handset, through the simulator's control API) after their read delay,
 * enters the code if it is there and they are one who does, looks again every few seconds while it
 * is not, asks for it again when they have waited long enough, and gives up in the end. When every
 * person is done (or the drain time is over) it reads back every verification and every handset.
 */
final class Player {
  /** What a message's received time may precede its start by (clocks of one machine). */
  private static final long CLOCK_SLACK_MS = 2_000;

  /** Reads in flight at once when the run is read back. */
  private static final int READ_BACK_CONCURRENCY = 16;

  private final Vertx vertx;
  private final Api api;
  private final String key;
  private final Scenario scenario;
  private final List<TrafficPlan.Arrival> arrivals;
  private final Pattern code;
  private final List<Session> sessions = new ArrayList<>();
  private final Promise<List<Session>> done = Promise.promise();
  private long t0;
  private int next;
  private int finished;
  private long pacer;

  Player(Vertx vertx, Api api, String tenantKey, Scenario scenario, TrafficPlan plan, int codeLen) {
    this.vertx = vertx;
    this.api = api;
    this.key = tenantKey;
    this.scenario = scenario;
    this.arrivals = plan.arrivals();
    this.code = Pattern.compile("(?<![0-9])[0-9]{" + codeLen + "}(?![0-9])");
  }

  /**
   * Plays the traffic from {@code t0} ({@link System#nanoTime}); completes with every session once
   * the last person is done, or the drain time is over, and all was read back.
   */
  Future<List<Session>> play(long t0) {
    this.t0 = t0;
    vertx.runOnContext(
        v -> {
          pacer = vertx.setPeriodic(10, id -> tick());
        });
    return done.future().compose(this::readBack);
  }

  private long elapsedMs() {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void tick() {
    long elapsed = elapsedMs();
    while (next < arrivals.size() && arrivals.get(next).atMs() <= elapsed) {
      launch(arrivals.get(next++));
    }
    long deadline = scenario.duration().toMillis() + scenario.drain().toMillis();
    if (next == arrivals.size() && (finished == sessions.size() || elapsed > deadline)) {
      vertx.cancelTimer(pacer);
      done.tryComplete(sessions);
    }
  }

  private void launch(TrafficPlan.Arrival a) {
    Session s = new Session(a);
    sessions.add(s);
    s.startedAt = System.currentTimeMillis();
    s.lastAskAt = s.startedAt;
    api.post("/v1/verifications", key, startBody(a.number()))
        .onComplete(
            r -> {
              if (r.failed()) {
                s.error = r.cause().getMessage();
                finish(s);
                return;
              }
              Api.Answer answer = r.result();
              s.startStatus = answer.status();
              if (!answer.ok()) {
                s.refusal = answer.problem();
                finish(s);
                return;
              }
              s.id = answer.body().getString("id");
              if (!a.enters()) {
                finish(s);
                return;
              }
              vertx.setTimer(Math.max(1, a.readDelayMs()), t -> look(s));
            });
  }

  private static JsonObject startBody(String number) {
    return new JsonObject()
        .put("to", number)
        .put("push", new JsonObject().put("status", "disabled"))
        .put("consent", true);
  }

  /** The person looks at their phone. */
  private void look(Session s) {
    inbox(s)
        .onComplete(
            r -> {
              if (r.failed()) {
                s.error = r.cause().getMessage();
                finish(s);
                return;
              }
              JsonObject newest = r.result().isEmpty() ? null : r.result().get(0);
              String seen = newest == null ? null : codeIn(newest.getString("body"));
              if (seen != null) {
                check(s, seen);
                return;
              }
              waitLonger(s);
            });
  }

  private void waitLonger(Session s) {
    long now = System.currentTimeMillis();
    TrafficPlan.Arrival a = s.arrival;
    if (now - s.startedAt >= scenario.people().giveUpAfter().toMillis()) {
      s.gaveUp = true;
      finish(s);
      return;
    }
    if (a.resends()
        && s.resends < scenario.people().maxResends()
        && now - s.lastAskAt >= a.resendAfterMs()) {
      s.resends++;
      s.lastAskAt = now;
      api.post("/v1/verifications", key, startBody(a.number()))
          .onComplete(
              r -> {
                if (r.succeeded() && r.result().ok() && s.id == null) {
                  s.id = r.result().body().getString("id");
                }
              });
    }
    vertx.setTimer(scenario.people().lookAgainEvery().toMillis(), t -> look(s));
  }

  private void check(Session s, String seenCode) {
    api.post("/v1/verifications/" + s.id + "/check", key, new JsonObject().put("code", seenCode))
        .onComplete(
            r -> {
              if (r.failed()) {
                s.error = r.cause().getMessage();
              } else if (r.result().status() == 200) {
                s.approved = true;
                s.approvedAt = System.currentTimeMillis();
              } else {
                s.checkOutcome = r.result().problem();
              }
              finish(s);
            });
  }

  private void finish(Session s) {
    if (!s.finished) {
      s.finished = true;
      finished++;
    }
  }

  /** This person's messages since their start, newest first. */
  private Future<List<JsonObject>> inbox(Session s) {
    String to = URLEncoder.encode(s.arrival.number(), StandardCharsets.UTF_8);
    return api.get("/simulator/messages?to=" + to, null)
        .map(
            answer -> {
              List<JsonObject> mine = new ArrayList<>();
              JsonArray messages = answer.body().getJsonArray("messages", new JsonArray());
              for (int i = 0; i < messages.size(); i++) {
                JsonObject m = messages.getJsonObject(i);
                if (received(m) >= s.startedAt - CLOCK_SLACK_MS) {
                  mine.add(m);
                }
              }
              return mine;
            });
  }

  private static long received(JsonObject message) {
    return Instant.parse(message.getString("received_at")).toEpochMilli();
  }

  private String codeIn(String body) {
    Matcher m = code.matcher(body == null ? "" : body);
    return m.find() ? m.group() : null;
  }

  /** Reads every verification and every handset back, a few at a time. */
  private Future<List<Session>> readBack(List<Session> all) {
    Promise<List<Session>> read = Promise.promise();
    vertx.runOnContext(v -> new ReadBack(all, read).next());
    return read.future();
  }

  /** Walks the sessions with a bounded number of reads in flight. */
  private final class ReadBack {
    private final List<Session> all;
    private final Promise<List<Session>> read;
    private int cursor;
    private int inFlight;

    ReadBack(List<Session> all, Promise<List<Session>> read) {
      this.all = all;
      this.read = read;
    }

    void next() {
      while (inFlight < READ_BACK_CONCURRENCY && cursor < all.size()) {
        Session s = all.get(cursor++);
        inFlight++;
        one(s)
            .onComplete(
                r -> {
                  inFlight--;
                  if (r.failed() && s.error == null) {
                    s.error = "read back: " + r.cause().getMessage();
                  }
                  next();
                });
      }
      if (inFlight == 0 && cursor == all.size()) {
        read.tryComplete(all);
      }
    }

    private Future<Void> one(Session s) {
      Future<Void> handset =
          inbox(s)
              .map(
                  messages -> {
                    for (JsonObject m : messages) {
                      long at = received(m);
                      s.handsetAt = s.handsetAt == 0 ? at : Math.min(s.handsetAt, at);
                    }
                    return null;
                  });
      if (s.id == null) {
        return handset;
      }
      Future<Void> verification =
          api.get("/v1/verifications/" + s.id, key)
              .map(
                  answer -> {
                    s.status = answer.body().getString("status");
                    JsonArray attempts = answer.body().getJsonArray("attempts", new JsonArray());
                    for (int i = 0; i < attempts.size(); i++) {
                      JsonObject a = attempts.getJsonObject(i);
                      s.attempts.add(
                          new Session.Attempt(
                              a.getString("provider"),
                              a.getString("channel"),
                              a.getString("outcome"),
                              a.getString("delivery"),
                              a.getString("at") == null
                                  ? 0
                                  : Instant.parse(a.getString("at")).toEpochMilli(),
                              a.getString("price_usd") == null
                                  ? BigDecimal.ZERO
                                  : new BigDecimal(a.getString("price_usd"))));
                    }
                    return null;
                  });
      return Future.all(handset, verification).mapEmpty();
    }
  }
}
