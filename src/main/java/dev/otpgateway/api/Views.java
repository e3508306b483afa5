package dev.otpgateway.api;

import dev.otpgateway.abuse.FraudCounters;
import dev.otpgateway.abuse.FraudGuard;
import dev.otpgateway.abuse.WindowCounts;
import dev.otpgateway.json.Money;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.verification.Attempt;
import dev.otpgateway.verification.DeliveryState;
import dev.otpgateway.verification.Verification;
import dev.otpgateway.verification.VerificationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What responses show. A verification never shows its code or its full number; a tenant never shows
 * its key hash or callback secret.
 */
final class Views {
  private Views() {}

  record VerificationView(
      String id,
      String status,
      String to,
      String channel,
      String provider,
      String locale,
      String createdAt,
      String expiresAt,
      PushView push,
      Integer attemptsLeft,
      PriceView price,
      List<AttemptView> attempts,
      RouteView route) {}

  record PushView(String status, String ackDeadline) {}

  /** What the accepted attempts cost so far: money as a string, exact. */
  record PriceView(String usd, int segments) {}

  record AttemptView(
      String provider,
      String channel,
      String trigger,
      String outcome,
      String failure,
      String reason,
      String delivery,
      String at,
      String deliveredAt,
      String priceUsd) {}

  record RouteView(String rulesVersion, String region, String reason) {}

  static VerificationView verification(Verification v, long now) {
    Attempt latest = v.latestAccepted();
    PushView push =
        v.pushDeadline() > 0 ? new PushView(pushStatus(v), iso(v.pushDeadline())) : null;
    List<AttemptView> attempts =
        v.attempts().stream()
            .map(
                a ->
                    new AttemptView(
                        a.provider(),
                        a.channel().id(),
                        a.trigger().wireName(),
                        a.outcomeName(),
                        a.failureKind() == null
                            ? null
                            : a.failureKind().name().toLowerCase(Locale.ROOT),
                        a.reason(),
                        a.delivery().wireName(),
                        iso(a.at()),
                        // Only a delivery has a delivery time: a failed, revoked or timed-out
                        // attempt's receipt time is not when anything was delivered.
                        a.delivery() == DeliveryState.DELIVERED && a.deliveryAt() > 0
                            ? iso(a.deliveryAt())
                            : null,
                        Money.text(a.priceUsd())))
            .toList();
    RouteView route =
        v.route() == null
            ? null
            : new RouteView(
                v.route().rulesVersion(), v.route().region(), v.route().reason().text());
    return new VerificationView(
        v.id(),
        v.visibleStatus(now),
        Destination.mask(v.to()),
        latest == null ? null : latest.channel().id(),
        latest == null ? null : latest.provider(),
        v.request().locale(),
        iso(v.createdAt()),
        iso(v.expiresAt()),
        push,
        Verification.MAX_CHECKS - v.failedChecks(),
        new PriceView(Money.text(v.priceUsd()), v.billedSegments()),
        attempts,
        route);
  }

  /** Pending while held; acknowledged when canceled before any send; timed out once sent. */
  private static String pushStatus(Verification v) {
    if (v.status() == VerificationStatus.PENDING_PUSH) {
      return "pending";
    }
    return v.attempts().isEmpty() && v.status() == VerificationStatus.CANCELED
        ? "acknowledged"
        : "timed_out";
  }

  record TenantView(
      String id,
      String name,
      List<String> allowedCountries,
      TenantLimits limits,
      Map<String, String> templates,
      String statusCallbackUrl,
      BudgetView budget,
      FraudView fraud,
      SimSwapView simSwap,
      boolean declaredInConfig,
      String createdAt,
      String updatedAt,
      String apiKey,
      String callbackSecret) {}

  /** The fraud guard's settings of a tenant. */
  record FraudView(String mode, List<String> safeList, boolean allowBypass) {}

  /**
   * The fraud guard's view of one number for one tenant.
   *
   * @param verdict what a start to it would get now
   * @param othersBehindMsAtMost how far behind the other members' counts can be
   */
  record FraudPreviewView(
      String tenant,
      String to,
      String country,
      String mode,
      String verdict,
      List<SignalView> signals,
      List<CountsView> counts,
      boolean stale,
      long othersBehindMsAtMost) {}

  /** A signal that fired, with the window and figures that fired it. */
  record SignalView(
      String signal,
      String scope,
      String subject,
      String window,
      long started,
      long approved,
      String rule,
      String text) {}

  /**
   * Verifications started and approved to one subject: the last hour, day, and (history) the 14
   * days before today.
   */
  record CountsView(
      String scope, String subject, TallyView lastHour, TallyView lastDay, TallyView history) {}

  record TallyView(long started, long approved) {}

  static FraudPreviewView fraudPreview(String tenant, Destination to, FraudGuard.Preview p) {
    return new FraudPreviewView(
        tenant,
        to.e164(),
        to.country(),
        p.mode().name().toLowerCase(Locale.ROOT),
        p.verdict().wireName(),
        p.signals().stream()
            .map(
                s ->
                    new SignalView(
                        s.name(),
                        s.scope(),
                        s.subject(),
                        s.window(),
                        s.started(),
                        s.approved(),
                        s.rule(),
                        s.describe()))
            .toList(),
        p.subjects().stream()
            .map(
                c ->
                    new CountsView(
                        c.scope(),
                        c.subject(),
                        tally(c.hour()),
                        tally(c.day()),
                        tally(c.history())))
            .toList(),
        p.stale(),
        FraudCounters.MAX_STALENESS_MS);
  }

  private static TallyView tally(WindowCounts.Tally t) {
    return new TallyView(t.started(), t.approved());
  }

  /** The SIM-swap check's settings of a tenant. */
  record SimSwapView(String check, int maxAgeDays, String onLookupError) {}

  /** A budget as it was given: the amount a string, the shares numbers. */
  record BudgetView(String monthlyUsd, List<java.math.BigDecimal> alertAt, String action) {}

  /**
   * @param apiKey shown only in the response that created or rotated it
   * @param callbackSecret shown only when it was just made
   */
  static TenantView tenant(Tenant t, String apiKey, String callbackSecret) {
    return new TenantView(
        t.id(),
        t.name(),
        t.allowedCountries(),
        t.limits(),
        t.templates(),
        t.statusCallbackUrl(),
        t.budget() == null
            ? null
            : new BudgetView(
                t.budget().monthlyUsd().toPlainString(),
                t.budget().alertAt(),
                t.budget().action().name().toLowerCase(java.util.Locale.ROOT)),
        new FraudView(
            t.fraud().mode().name().toLowerCase(Locale.ROOT),
            t.fraud().safeList(),
            t.fraud().allowBypass()),
        new SimSwapView(
            t.simSwap().check().name().toLowerCase(Locale.ROOT),
            t.simSwap().maxAgeDays(),
            t.simSwap().onLookupError().name().toLowerCase(Locale.ROOT)),
        t.fromConfig(),
        iso(t.createdAt()),
        iso(t.updatedAt()),
        apiKey,
        callbackSecret);
  }

  static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
