package dev.otpgateway.api;

import dev.otpgateway.json.Money;
import dev.otpgateway.numbers.Destination;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantLimits;
import dev.otpgateway.verification.Attempt;
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
                        a.deliveryAt() > 0 ? iso(a.deliveryAt()) : null,
                        Money.text(a.priceUsd())))
            .toList();
    RouteView route =
        v.route() == null
            ? null
            : new RouteView(v.route().rulesVersion(), v.route().region(), v.route().reason());
    return new VerificationView(
        v.id(),
        v.visibleStatus(now),
        Destination.mask(v.to()),
        latest == null ? null : latest.channel().id(),
        latest == null ? null : latest.provider(),
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
      boolean declaredInConfig,
      String createdAt,
      String updatedAt,
      String apiKey,
      String callbackSecret) {}

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
