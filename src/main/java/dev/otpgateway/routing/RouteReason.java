package dev.otpgateway.routing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Why a decision's first candidate leads, kept as its parts: every verification holds the reason of
 * its route for its whole life, and its one human line ({@link #text()}) is some 90 characters made
 * of a few words and numbers, so a record keeps the parts and the line is written when read.
 * (Serializable: it travels in the changes sent to a record's owner.)
 *
 * @param basis what put the first candidate first
 * @param provider the first candidate's provider; null when none was available
 * @param region the region the destination fell in
 * @param costUsd the first candidate's estimated cost; null when none was available
 * @param latencyMs its expected latency
 * @param conversion its conversion estimate (mean and sends), or null when conversions are off
 * @param explored whether the decision ranked by posterior draws (see {@link Exploration})
 * @param passedOver why the gateway passed over candidates that routing ranked ahead of this one;
 *     empty when this one is routing's own first choice
 */
public record RouteReason(
    Basis basis,
    String provider,
    String region,
    BigDecimal costUsd,
    long latencyMs,
    Conversion conversion,
    boolean explored,
    Set<PassedOver> passedOver)
    implements Serializable {

  /**
   * Why the gateway passed over a candidate routing ranked ahead, as {@link
   * RecordedDecision#skipped()} records it. Without this, a failover's route would keep the reason
   * of the provider that had just failed, and a gateway without some provider's adapter would give
   * that provider's reason for every message sent through another.
   */
  public enum PassedOver {
    /** Already tried for this code without success. */
    ALREADY_TRIED("already_tried"),
    /** No adapter for it is configured on this gateway. */
    NOT_CONFIGURED("not_configured");

    private final String code;

    PassedOver(String code) {
      this.code = code;
    }

    /** The code a skipped candidate is recorded with ({@link RecordedDecision.Left#reason()}). */
    public String code() {
      return code;
    }

    static PassedOver of(String code) {
      for (PassedOver p : values()) {
        if (p.code.equals(code)) {
          return p;
        }
      }
      throw new IllegalArgumentException("not a reason to skip a candidate: " + code);
    }
  }

  /** Null, as a record serialized before this component reads back, is nothing passed over. */
  public RouteReason {
    passedOver = passedOver == null || passedOver.isEmpty() ? Set.of() : Set.copyOf(passedOver);
  }

  /** What put the first candidate first. */
  public enum Basis {
    /** The handset is RCS-capable and the region allows RCS: RCS candidates lead. */
    RCS_FIRST,
    /** No other candidate on its channel. */
    ONLY_ELIGIBLE,
    /** The lowest weighted score among the candidates on its channel. */
    LOWEST_SCORE,
    /**
     * No candidate at all: every eligible provider's circuit is open, or RBM, the only way left,
     * did not answer whether the handset takes RCS.
     */
    NONE_AVAILABLE
  }

  /** The conversion figures the line shows: the estimate's mean and the sends behind it. */
  public record Conversion(double mean, double sends) implements Serializable {}

  /**
   * The reason for a ranking: {@code sorted} is non-empty, best first.
   *
   * @param passedOver why candidates ranked ahead of {@code sorted} were passed over, if any were
   */
  static RouteReason of(
      String region, List<RouteCandidate> sorted, boolean explored, Set<PassedOver> passedOver) {
    RouteCandidate first = sorted.get(0);
    long sameChannel = sorted.stream().filter(c -> c.channel() == first.channel()).count();
    Basis basis =
        first.channel() == Channel.RCS
            ? Basis.RCS_FIRST
            : sameChannel == 1 ? Basis.ONLY_ELIGIBLE : Basis.LOWEST_SCORE;
    ConversionEstimate estimate = first.conversion();
    return new RouteReason(
        basis,
        first.provider(),
        region,
        first.estimatedCostUsd(),
        first.expectedLatencyMs(),
        estimate == null ? null : new Conversion(estimate.mean(), estimate.sends()),
        explored,
        passedOver);
  }

  /** The reason when no eligible provider is in service (see {@link Basis#NONE_AVAILABLE}). */
  static RouteReason noneAvailable(String region) {
    return new RouteReason(Basis.NONE_AVAILABLE, null, region, null, 0, null, false, Set.of());
  }

  /**
   * One human line, e.g. {@code messagebird: lowest score in us (cost 0.0070, latency 5000 ms,
   * conversion 80.0% over 12 sends)}, or after a failover from it {@code twilio: lowest score in us
   * among those not yet tried for this code (cost 0.0079, latency 3000 ms)}.
   */
  public String text() {
    if (basis == Basis.NONE_AVAILABLE) {
      return "no provider available in "
          + region
          + ": every eligible provider's circuit is open, or RBM did not answer";
    }
    String among = among();
    String why =
        switch (basis) {
          case RCS_FIRST -> ": rcs first in " + region + among + ", the handset is RCS-capable";
          case ONLY_ELIGIBLE -> ": only eligible provider in " + region + among;
          default -> ": lowest score in " + region + among;
        };
    return provider
        + why
        + " (cost "
        + costUsd.toPlainString()
        + ", latency "
        + latencyMs
        + " ms"
        + (conversion == null
            ? ""
            : String.format(
                Locale.ROOT,
                ", conversion %.1f%% over %.0f sends",
                conversion.mean() * 100,
                conversion.sends()))
        + ")"
        + (explored ? "; this decision explored (ranked by posterior draws)" : "");
  }

  /** Which candidates the basis was judged among, when some ranked ahead were passed over. */
  private String among() {
    if (passedOver.isEmpty()) {
      return "";
    }
    if (passedOver.size() == 2) {
      return " among those configured on this gateway and not yet tried for this code";
    }
    return passedOver.contains(PassedOver.ALREADY_TRIED)
        ? " among those not yet tried for this code"
        : " among those configured on this gateway";
  }
}
