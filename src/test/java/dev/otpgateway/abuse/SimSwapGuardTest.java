package dev.otpgateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantFraud;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.tenancy.TenantSimSwap;
import dev.otpgateway.testing.Await;
import dev.otpgateway.testing.MutableClock;
import dev.otpgateway.testing.Scrape;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimSwapGuardTest {
  private static final String NUMBER = "+12025550190";

  private final MutableClock clock = MutableClock.now();
  private final Metrics metrics = new Metrics();
  private final AtomicInteger lookups = new AtomicInteger();
  private SimSwapLookup.LastSwap answer;

  private final SimSwapLookup network =
      e164 -> {
        lookups.incrementAndGet();
        return answer == null
            ? Future.failedFuture("Twilio answered 503")
            : Future.succeededFuture(answer);
      };

  private final SimSwapGuard guard = new SimSwapGuard(network, metrics, clock);

  private static Tenant tenant(TenantSimSwap simSwap) {
    return new Tenant(
        "acme",
        "Acme",
        "0".repeat(64),
        null,
        TenantLimits.DEFAULTS,
        Map.of(),
        null,
        null,
        null,
        TenantFraud.DEFAULT,
        simSwap,
        false,
        0,
        0);
  }

  private static final Tenant DEFAULTS = tenant(TenantSimSwap.DEFAULT);

  private SimSwapGuard.Check check(Tenant tenant, boolean highRisk) {
    return Await.result(guard.check(tenant, NUMBER, highRisk));
  }

  private void swappedAgo(Duration ago) {
    answer = new SimSwapLookup.LastSwap(clock.instant().minus(ago), ago, true);
  }

  private double checks(String outcome) {
    return Scrape.sum(
        new String(metrics.scrape(), StandardCharsets.UTF_8),
        "otp_sim_swap_checks_total",
        Map.of("outcome", outcome));
  }

  @Test
  void by_default_only_high_risk_starts_are_looked_up() {
    swappedAgo(Duration.ofDays(1));

    assertThat(check(DEFAULTS, false).outcome()).isEqualTo(SimSwapGuard.Outcome.NOT_CHECKED);
    assertThat(lookups).hasValue(0);
    assertThat(check(DEFAULTS, true).outcome()).isEqualTo(SimSwapGuard.Outcome.SWAPPED);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void always_looks_up_every_start_and_off_none() {
    swappedAgo(Duration.ofDays(1));
    Tenant always = tenant(new TenantSimSwap(TenantSimSwap.Check.ALWAYS, 7, null));
    Tenant off = tenant(new TenantSimSwap(TenantSimSwap.Check.OFF, 7, null));

    assertThat(check(always, false).outcome()).isEqualTo(SimSwapGuard.Outcome.SWAPPED);
    assertThat(check(off, true).outcome()).isEqualTo(SimSwapGuard.Outcome.NOT_CHECKED);
  }

  @Test
  void a_swap_yesterday_is_recent_and_one_eight_days_ago_is_not() {
    swappedAgo(Duration.ofDays(1));
    SimSwapGuard.Check recent = check(DEFAULTS, true);
    assertThat(recent.outcome()).isEqualTo(SimSwapGuard.Outcome.SWAPPED);
    assertThat(recent.lookedUp()).isTrue();
    assertThat(recent.swappedAt()).isEqualTo(answer.swappedAt());

    Tenant threeDays = tenant(new TenantSimSwap(TenantSimSwap.Check.HIGH_RISK, 3, null));
    clock.advance(Duration.ofMinutes(11)); // past the kept answer
    swappedAgo(Duration.ofDays(4));
    assertThat(check(threeDays, true).outcome()).isEqualTo(SimSwapGuard.Outcome.NOT_SWAPPED);
    assertThat(checks("swapped")).isEqualTo(1);
    assertThat(checks("not_swapped")).isEqualTo(1);
  }

  @Test
  void without_a_date_only_a_window_no_longer_than_the_tenants_says_recent() {
    answer = new SimSwapLookup.LastSwap(null, Duration.ofHours(24), true);
    assertThat(check(DEFAULTS, true).outcome()).isEqualTo(SimSwapGuard.Outcome.SWAPPED);

    clock.advance(Duration.ofMinutes(11));
    answer = new SimSwapLookup.LastSwap(null, Duration.ofDays(7), false);
    assertThat(check(DEFAULTS, true).outcome()).isEqualTo(SimSwapGuard.Outcome.NOT_SWAPPED);

    clock.advance(Duration.ofMinutes(11));
    answer = new SimSwapLookup.LastSwap(null, Duration.ofDays(30), true);
    assertThat(check(DEFAULTS, true).outcome()).isEqualTo(SimSwapGuard.Outcome.NOT_SWAPPED);
  }

  @Test
  void an_answer_is_kept_ten_minutes_so_a_number_is_paid_for_once() {
    swappedAgo(Duration.ofDays(1));
    check(DEFAULTS, true);

    SimSwapGuard.Check again = check(DEFAULTS, true);
    assertThat(again.outcome()).isEqualTo(SimSwapGuard.Outcome.SWAPPED);
    assertThat(again.lookedUp()).isFalse();
    assertThat(lookups).hasValue(1);

    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(check(DEFAULTS, true).lookedUp()).isTrue();
    assertThat(lookups).hasValue(2);
  }

  @Test
  void a_failed_lookup_is_said_costs_nothing_and_is_not_kept() {
    answer = null;

    SimSwapGuard.Check failed = check(DEFAULTS, true);
    assertThat(failed.outcome()).isEqualTo(SimSwapGuard.Outcome.LOOKUP_FAILED);
    assertThat(failed.lookedUp()).isFalse();
    assertThat(checks("lookup_failed")).isEqualTo(1);

    swappedAgo(Duration.ofDays(1));
    assertThat(check(DEFAULTS, true).outcome()).isEqualTo(SimSwapGuard.Outcome.SWAPPED);
  }

  @Test
  void without_twilio_every_check_fails() {
    SimSwapGuard none = new SimSwapGuard(null, metrics, clock);

    assertThat(Await.result(none.check(DEFAULTS, NUMBER, true)).outcome())
        .isEqualTo(SimSwapGuard.Outcome.LOOKUP_FAILED);
  }
}
