package dev.otpgateway.verification;

import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventSink;
import dev.otpgateway.metrics.Metrics;
import java.util.List;

/**
 * The metrics of DESIGN §8 that count verifications, messages, money and carbon, read off the event
 * stream: nothing else increments them, so the dashboards and the ledger count the same things.
 */
public final class EventMetrics implements EventSink {
  private static final String NO_REGION = "none";

  private final Metrics metrics;

  public EventMetrics(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void accept(List<Event> events) {
    events.forEach(this::count);
  }

  private void count(Event e) {
    String region = e.region() == null ? NO_REGION : e.region();
    String channel = e.channel() == null ? null : e.channel().id();
    switch (e.type()) {
      case PENDING_PUSH -> metrics.verification(e.tenant(), region, "pending_push");
      case SENT -> {
        metrics.message(e.provider(), region, channel, "accepted");
        metrics.cost(
            e.tenant(),
            e.provider(),
            region,
            e.priceUsd().doubleValue(),
            e.baselineUsd() == null ? 0 : e.baselineUsd().doubleValue());
        metrics.carbon(e.provider(), region, channel, e.carbonGrams());
        if (SendTrigger.INITIAL.wireName().equals(e.outcome())) {
          metrics.verification(e.tenant(), region, "sent");
        }
      }
      case SEND_FAILED -> {
        metrics.message(
            e.provider(),
            region,
            channel,
            "permanent".equals(e.detail().get("failure")) ? "rejected" : "error");
        if (VerificationStatus.FAILED.wireName().equals(e.status())) {
          metrics.verification(e.tenant(), region, "failed");
        }
      }
      case RESENT -> metrics.verification(e.tenant(), region, "resent");
      case FAILOVER -> metrics.failover(e.detail().get("from"), e.provider(), e.outcome());
      case DELIVERED -> {
        metrics.message(e.provider(), region, channel, "delivered");
        metrics.delivery(e.provider(), region, e.latencyMs() / 1000.0);
      }
      case UNDELIVERED -> metrics.message(e.provider(), region, channel, "undelivered");
      case APPROVED -> {
        metrics.check(CheckResult.Outcome.APPROVED.wireName());
        if (e.provider() != null) {
          metrics.conversion(e.provider(), region, channel);
        }
      }
      case CHECK_FAILED -> metrics.check(e.outcome());
      case REFUSED -> {
        String code = e.outcome();
        boolean limited = code != null && code.endsWith("_rate_limited");
        if (limited) {
          metrics.rateLimited(code.substring(0, code.length() - "_rate_limited".length()));
        }
        metrics.verification(e.tenant(), region, limited ? "rate_limited" : "refused");
      }
      case BUDGET_THRESHOLD -> {
        String ratio = e.detail().get("used_ratio");
        if (ratio != null) {
          metrics.budgetUsed(e.tenant(), Double.parseDouble(ratio));
        }
      }
      case STARTED, EXPIRED, CANCELED, FRAUD_BLOCKED, FRAUD_FLAGGED, SIM_SWAP_CHECKED -> {
        // Counted where they are decided (the fraud guard's and the SIM-swap check's own
        // metrics), or not a metric of DESIGN §8.
      }
    }
  }
}
