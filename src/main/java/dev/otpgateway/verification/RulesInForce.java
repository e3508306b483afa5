package dev.otpgateway.verification;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.routing.RouteDecider;
import dev.otpgateway.routing.RuleSet;
import dev.otpgateway.routing.RulesException;
import dev.otpgateway.routing.RulesLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The routing rules every decision uses now. They reload when a file in the rules directory changes
 * (checked every couple of seconds) or on request; rules that fail to load leave the last good ones
 * in force, and the failure is logged and counted.
 */
public final class RulesInForce {
  private static final Logger LOG = Logger.getLogger(RulesInForce.class.getName());

  private final Vertx vertx;
  private final Path dir;
  private final Metrics metrics;
  private final Clock clock;
  private final AtomicReference<Loaded> current = new AtomicReference<>();
  private final List<Consumer<RuleSet>> listeners = new CopyOnWriteArrayList<>();
  private volatile String fingerprint = "";
  private volatile String lastFailedFingerprint = "";
  private long timer = -1;

  /** Rules in force and when they were loaded. */
  public record Loaded(RouteDecider decider, Instant loadedAt) {
    public RuleSet rules() {
      return decider.rules();
    }
  }

  /** Loads the rules, failing start-up when they are broken: a gateway must not start unrouted. */
  public RulesInForce(Vertx vertx, Path dir, Metrics metrics, Clock clock) {
    this.vertx = vertx;
    this.dir = dir;
    this.metrics = metrics;
    this.clock = clock;
    this.fingerprint = fingerprint(dir);
    install(RulesLoader.load(dir));
  }

  public Loaded current() {
    return current.get();
  }

  /** Tells {@code listener} of every rules version put in force from now on. */
  public void onInstall(Consumer<RuleSet> listener) {
    listeners.add(listener);
  }

  public RouteDecider decider() {
    return current.get().decider();
  }

  public Path dir() {
    return dir;
  }

  public void watch(Duration every) {
    timer = vertx.setPeriodic(every.toMillis(), id -> reloadIfChanged());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Reloads now; fails with the rules' problems, leaving the rules in force as they were. */
  public Future<Loaded> reload() {
    return vertx.executeBlocking(
        () -> {
          String seen = fingerprint(dir);
          try {
            RuleSet rules = RulesLoader.load(dir);
            fingerprint = seen;
            return install(rules);
          } catch (RulesException e) {
            fingerprint = seen;
            failed(seen, e);
            throw e;
          }
        },
        false);
  }

  private void reloadIfChanged() {
    vertx
        .executeBlocking(() -> fingerprint(dir), false)
        .onSuccess(
            seen -> {
              if (!seen.equals(fingerprint) && !seen.equals(lastFailedFingerprint)) {
                reload();
              }
            });
  }

  private Loaded install(RuleSet rules) {
    Loaded previous = current.get();
    Loaded next = new Loaded(new RouteDecider(rules), clock.instant());
    current.set(next);
    lastFailedFingerprint = "";
    metrics.rulesInForce(rules.version());
    listeners.forEach(l -> l.accept(rules));
    if (previous == null || !previous.rules().version().equals(rules.version())) {
      LOG.info(
          "routing rules "
              + rules.version()
              + " in force ("
              + rules.sourceFiles().size()
              + " files)");
    }
    return next;
  }

  private void failed(String seen, RulesException e) {
    lastFailedFingerprint = seen;
    metrics.rulesReloadFailed();
    LOG.log(
        Level.WARNING,
        "routing rules in "
            + dir
            + " failed to load; "
            + current.get().rules().version()
            + " stays in force:\n  "
            + String.join("\n  ", e.problems().stream().map(Object::toString).toList()));
  }

  /** Names, sizes and modification times of every file: cheap, and any edit changes it. */
  private static String fingerprint(Path dir) {
    if (!Files.isDirectory(dir)) {
      return "missing";
    }
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              f -> {
                try {
                  BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                  out.append(f)
                      .append(':')
                      .append(a.size())
                      .append(':')
                      .append(a.lastModifiedTime().toMillis())
                      .append(';');
                } catch (IOException e) {
                  out.append(f).append(":gone;");
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
