package dev.otpgateway.abuse;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantSimSwap;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The SIM-swap check (DESIGN §6b): before a code goes to a number, per the tenant's settings, ask
 * when its SIM last changed; a change within {@code max_age_days} means the code could reach
 * whoever took the number over, so the start is refused. A look-up costs money, so answers are kept
 * for a while per number; each look-up made is told to the caller so the ledger can record its
 * cost.
 */
public final class SimSwapGuard {
  private static final Logger LOG = Logger.getLogger(SimSwapGuard.class.getName());

  /** How long a look-up's answer is trusted: a swap in those minutes goes unseen. */
  static final Duration KEEP_ANSWERS = Duration.ofMinutes(10);

  private static final int KEPT_NUMBERS = 100_000;

  private final SimSwapLookup lookup;
  private final Metrics metrics;
  private final Clock clock;
  private final Map<String, Kept> answers =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
          return size() > KEPT_NUMBERS;
        }
      };

  private record Kept(SimSwapLookup.LastSwap answer, long until) {}

  /**
   * @param lookup the network's answer; null when no provider offers one (checks then fail)
   */
  public SimSwapGuard(SimSwapLookup lookup, Metrics metrics, Clock clock) {
    this.lookup = lookup;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** What the check found. */
  public enum Outcome {
    /** The tenant's settings do not ask for a check of this start. */
    NOT_CHECKED,
    NOT_SWAPPED,
    SWAPPED,
    /** The look-up failed; the tenant's {@code on_lookup_error} decides. */
    LOOKUP_FAILED
  }

  /**
   * The check's result.
   *
   * @param lookedUp whether a look-up answered (and is paid for), rather than a kept answer used or
   *     a look-up that failed
   */
  public record Check(Outcome outcome, boolean lookedUp, Instant swappedAt) {}

  /** Checks a start's number when the tenant asks for it at this risk. */
  public Future<Check> check(Tenant tenant, String e164, boolean highRisk) {
    TenantSimSwap settings = tenant.simSwap();
    boolean asked =
        settings.check() == TenantSimSwap.Check.ALWAYS
            || settings.check() == TenantSimSwap.Check.HIGH_RISK && highRisk;
    if (!asked) {
      return Future.succeededFuture(new Check(Outcome.NOT_CHECKED, false, null));
    }
    long now = clock.millis();
    Kept kept;
    synchronized (answers) {
      kept = answers.get(e164);
    }
    if (kept != null && kept.until() > now) {
      return Future.succeededFuture(judge(kept.answer(), settings, false));
    }
    if (lookup == null) {
      metrics.simSwapCheck("lookup_failed");
      return Future.succeededFuture(new Check(Outcome.LOOKUP_FAILED, false, null));
    }
    return lookup
        .lastSwap(e164)
        .map(
            answer -> {
              synchronized (answers) {
                answers.put(e164, new Kept(answer, now + KEEP_ANSWERS.toMillis()));
              }
              return judge(answer, settings, true);
            })
        .otherwise(
            e -> {
              LOG.info("a SIM-swap look-up failed: " + e.getMessage());
              metrics.simSwapCheck("lookup_failed");
              // Twilio bills answered look-ups only: a failed one costs nothing.
              return new Check(Outcome.LOOKUP_FAILED, false, null);
            });
  }

  private Check judge(SimSwapLookup.LastSwap answer, TenantSimSwap settings, boolean lookedUp) {
    Duration maxAge = Duration.ofDays(settings.maxAgeDays());
    boolean swapped;
    if (answer.swappedAt() != null) {
      swapped = answer.swappedAt().isAfter(clock.instant().minus(maxAge));
    } else {
      // Without a date, only "swapped within a window no longer than ours" says recent.
      swapped =
          answer.swappedInPeriod()
              && answer.period() != null
              && answer.period().compareTo(maxAge) <= 0;
    }
    Outcome outcome = swapped ? Outcome.SWAPPED : Outcome.NOT_SWAPPED;
    metrics.simSwapCheck(outcome.name().toLowerCase(java.util.Locale.ROOT));
    return new Check(outcome, lookedUp, answer.swappedAt());
  }
}
