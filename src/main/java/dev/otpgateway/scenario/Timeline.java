package dev.otpgateway.scenario;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated providers do over a run, through the simulator's control API: each provider's
 * settings from the start, which handsets take RCS, and each change of the timeline at its time,
 * undone at its end by setting the changed fields back to what they were at the start.
 */
final class Timeline {
  /** The control API's body limit, with room for the JSON around the numbers. */
  private static final int MAX_BODY_BYTES = 60 * 1024;

  private final Vertx vertx;
  private final Api api;
  private final Scenario scenario;
  private final List<Scenario.Change> changes;
  private final Map<String, JsonObject> atStart = new HashMap<>();
  private final List<String> log = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();

  Timeline(Vertx vertx, Api api, Scenario scenario, Set<String> without) {
    this.vertx = vertx;
    this.api = api;
    this.scenario = scenario;
    this.changes =
        scenario.timeline().stream()
            .filter(c -> c.name() == null || !without.contains(c.name()))
            .toList();
  }

  /** Sets every provider's starting behaviour and the RCS-capable handsets; reads them back. */
  Future<Void> prepare(TrafficPlan plan) {
    List<Future<?>> set = new ArrayList<>();
    scenario.providers().forEach((provider, settings) -> set.add(apply(provider, settings)));
    List<String> rcs = plan.rcsCapable();
    if (!rcs.isEmpty()) {
      JsonObject body = new JsonObject().put("rcs_capable", new JsonArray(rcs));
      if (body.toBuffer().length() > MAX_BODY_BYTES) {
        return Future.failedFuture(
            new IllegalStateException(
                rcs.size()
                    + " RCS-capable handsets are more than the simulator's control API takes in"
                    + " one request: lower traffic.rcs_capable, the rate or the duration"));
      }
      set.add(apply("rbm", body));
    }
    return Future.all(set)
        .compose(
            v -> {
              List<Future<?>> reads = new ArrayList<>();
              for (String provider : ScenarioLoader.PROVIDERS) {
                reads.add(
                    api.get("/simulator/providers/" + provider, null)
                        .map(a -> atStart.put(provider, a.body())));
              }
              return Future.all(reads).mapEmpty();
            });
  }

  /** Schedules every change from {@code t0} ({@link System#nanoTime}). */
  void start(long t0) {
    for (Scenario.Change c : changes) {
      schedule(t0, c.at().toMillis(), c.provider(), c.set(), "set");
      if (c.until() != null) {
        schedule(t0, c.until().toMillis(), c.provider(), restore(c), "back");
      }
    }
  }

  void stop() {
    timers.forEach(vertx::cancelTimer);
  }

  /** What was applied when, for the report. */
  List<String> log() {
    return log;
  }

  private void schedule(long t0, long atMs, String provider, JsonObject body, String what) {
    long delay = atMs - (System.nanoTime() - t0) / 1_000_000;
    Runnable run =
        () ->
            apply(provider, body)
                .onComplete(
                    r ->
                        log.add(
                            String.format(
                                "%6.1fs %s %s %s%s",
                                (System.nanoTime() - t0) / 1e9,
                                what,
                                provider,
                                body.encode(),
                                r.succeeded() ? "" : " FAILED: " + r.cause().getMessage())));
    if (delay <= 0) {
      run.run();
    } else {
      timers.add(vertx.setTimer(delay, id -> run.run()));
    }
  }

  private Future<Void> apply(String provider, JsonObject settings) {
    return api.post("/simulator/providers/" + provider, null, settings)
        .compose(
            a ->
                a.ok()
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        new IllegalStateException(
                            "the simulator refused "
                                + provider
                                + " "
                                + settings.encode()
                                + ": "
                                + a.body().encode())));
  }

  /** The changed fields' values at the start, to set back when the change ends. */
  private JsonObject restore(Scenario.Change c) {
    JsonObject start = atStart.getOrDefault(c.provider(), new JsonObject());
    JsonObject back = new JsonObject();
    for (String field : c.set().fieldNames()) {
      if (!"countries".equals(field)) {
        copyStartValue(start, field, back);
        continue;
      }
      JsonObject countries = new JsonObject();
      JsonObject startCountries = start.getJsonObject("countries", new JsonObject());
      JsonObject changed = c.set().getJsonObject("countries");
      for (String country : changed.fieldNames()) {
        JsonObject startPatch = startCountries.getJsonObject(country);
        if (!(changed.getValue(country) instanceof JsonObject patch)) {
          countries.put(country, startPatch);
          continue;
        }
        // A country follows the provider-wide value of a field it does not set: setting that
        // value is the same as not setting the field.
        JsonObject restored = startPatch == null ? new JsonObject() : startPatch.copy();
        for (String f : patch.fieldNames()) {
          if (startPatch == null || !startPatch.containsKey(f)) {
            copyStartValue(start, f, restored);
          }
        }
        countries.put(country, restored);
      }
      back.put("countries", countries);
    }
    return back;
  }

  /** Copies a field's starting value; a delay shows as {@code x_ms} or {@code x}, as it was set. */
  private static void copyStartValue(JsonObject start, String field, JsonObject into) {
    String base = field.endsWith("_ms") ? field.substring(0, field.length() - 3) : field;
    for (String name : List.of(field, base, base + "_ms")) {
      if (start.containsKey(name)) {
        into.put(name, start.getValue(name));
        return;
      }
    }
  }
}
