package dev.otpgateway.routing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Decides the route of one message against a {@link RuleSet}: region, then hard constraints
 * (filters), then a weighted score of cost, latency, carbon and quality (scorers), then RCS before
 * SMS. A pure function of its inputs, safe to call from any thread; on a rules reload, make a new
 * decider.
 *
 * <p>Built for the hot path: the rule filters ran at load time, and {@code decide} allocates little
 * beyond its result (see {@code docs/benchmarks.md}).
 */
public final class RouteDecider {
  private static final RequestFilter[] FILTERS = RequestFilter.inOrder();

  // Indexed by the ScoreCombiner component constants.
  private static final Scorer[] SCORERS = {
    new CostScorer(), new LatencyScorer(), new CarbonScorer(), new QualityScorer()
  };

  /** A drawn conversion is kept above this, so its quality value (1 / p) stays finite. */
  private static final double MIN_CONVERSION = 0.001;

  private final RuleSet rules;

  /** A decider for {@code rules}. */
  public RouteDecider(RuleSet rules) {
    if (rules == null) {
      throw new IllegalArgumentException("rules must be set");
    }
    this.rules = rules;
  }

  /** The rules this decider applies. */
  public RuleSet rules() {
    return rules;
  }

  /**
   * Routes {@code request} given a snapshot of provider health and this month's volumes, with
   * quality scored by delivery receipts ({@link Conversions#OFF}).
   */
  public RouteDecision decide(RouteRequest request, ProviderHealth health, Volumes volumes) {
    return decide(request, health, volumes, Conversions.OFF, Exploration.NONE);
  }

  /**
   * Routes {@code request} given a snapshot of provider health, this month's volumes and what
   * approvals say about each route.
   *
   * <p>Refuses (no candidates, a {@link Refusal}) when the tenant may not send to the country, the
   * region needs consent the request lacks, SMS is all that is left and the region does not accept
   * it for the risk, or nothing can carry the requested channel. When only open breakers stop a
   * message, the decision has neither candidates nor refusal: that is an outage, not a refusal.
   *
   * @param conversions quality comes from these when {@link Conversions#on()}, else from receipts
   * @param exploration whether (by its seed) and how often a decision ranks by posterior draws
   */
  public RouteDecision decide(
      RouteRequest request,
      ProviderHealth health,
      Volumes volumes,
      Conversions conversions,
      Exploration exploration) {
    RegionIndex index = rules.index(request.country());
    Region region = index.region();
    Weights tenantWeights =
        request.tenantId() == null ? null : rules.tenantWeights().get(request.tenantId());
    Weights weights = tenantWeights != null ? tenantWeights : index.weights();
    String weightsSource =
        tenantWeights != null ? "tenant " + request.tenantId() : index.weightsSource();
    Baseline baseline = index.baseline(request.segments(), volumes);

    if (!request.countryPermitted()) {
      return refusal(
          region,
          List.of(),
          RefusalCode.COUNTRY_NOT_PERMITTED,
          "the tenant may not send to " + request.country(),
          weights,
          weightsSource,
          baseline);
    }
    if (region.compliance().consentRequired() && !request.consent()) {
      return refusal(
          region,
          List.of(),
          RefusalCode.CONSENT_REQUIRED,
          "region " + region.id() + " requires the person's recorded consent",
          weights,
          weightsSource,
          baseline);
    }

    Lane[] lanes = index.lanes();
    Exclusion[] excluded = new Exclusion[lanes.length];
    Lane[] kept = new Lane[lanes.length];
    ProviderStatus[] statuses = new ProviderStatus[lanes.length];
    int excludedCount = 0;
    int keptCount = 0;
    // A lane left out for an open breaker, or for an RBM that did not answer whether the handset
    // takes RCS, is out for an outage: if nothing else is left, that is a 502, not a refusal.
    boolean outage = false;
    boolean riskExcluded = false;
    for (Lane lane : lanes) {
      if (lane.ruleExclusion() != null) {
        excluded[excludedCount++] = lane.ruleExclusion();
        continue;
      }
      ProviderStatus status = health.status(lane.providerId());
      Exclusion exclusion = firstRequestExclusion(lane, request, status);
      if (exclusion == null) {
        statuses[keptCount] = status;
        kept[keptCount++] = lane;
      } else {
        excluded[excludedCount++] = exclusion;
        outage |=
            exclusion.reason() == ExclusionReason.CIRCUIT_OPEN
                || exclusion.reason() == ExclusionReason.RCS_CAPABILITY_UNANSWERED;
        riskExcluded |= exclusion.reason() == ExclusionReason.SMS_NOT_PERMITTED_FOR_RISK;
      }
    }
    List<Exclusion> exclusions = List.of(Arrays.copyOf(excluded, excludedCount));

    if (keptCount == 0 && !outage) {
      // Nothing got past the risk filter, so this is the request's fault, not an outage.
      return riskExcluded
          ? refusal(
              region,
              exclusions,
              RefusalCode.SMS_NOT_PERMITTED_FOR_RISK,
              "region "
                  + region.id()
                  + " does not accept sms for "
                  + request.risk().id()
                  + "-risk codes and no other channel can reach this handset",
              weights,
              weightsSource,
              baseline)
          : refusal(
              region,
              exclusions,
              RefusalCode.CHANNEL_UNAVAILABLE,
              channelUnavailable(region, request),
              weights,
              weightsSource,
              baseline);
    }
    if (keptCount == 0) {
      return new RouteDecision(
          region.id(),
          rules.version(),
          List.of(),
          exclusions,
          null,
          RouteReason.noneAvailable(region.id()),
          weights,
          weightsSource,
          baseline,
          false);
    }

    // The draws come in order from the seed: whether to explore, then one per kept lane.
    SplittableRandom random = new SplittableRandom(exploration.seed());
    boolean explore =
        conversions.on() && exploration.share() > 0 && random.nextDouble() < exploration.share();
    ConversionModel.Posterior[] posteriors =
        conversions.on() ? posteriors(kept, keptCount, request.country(), conversions) : null;
    RouteCandidate[] candidates =
        score(kept, statuses, keptCount, request, volumes, weights, posteriors, explore, random);
    sort(candidates);
    return new RouteDecision(
        region.id(),
        rules.version(),
        List.of(candidates),
        exclusions,
        null,
        RouteReason.of(region.id(), List.of(candidates), explore, Set.of()),
        weights,
        weightsSource,
        baseline,
        explore);
  }

  private static Exclusion firstRequestExclusion(
      Lane lane, RouteRequest request, ProviderStatus status) {
    for (RequestFilter f : FILTERS) {
      String detail = f.exclude(lane, request, status);
      if (detail != null) {
        return new Exclusion(lane.providerId(), lane.channel(), f.reason(), detail);
      }
    }
    return null;
  }

  /** Each kept lane's conversion posterior, its prior drawn from the lane's peers. */
  private static ConversionModel.Posterior[] posteriors(
      Lane[] kept, int count, String country, Conversions conversions) {
    ConversionModel.Posterior[] out = new ConversionModel.Posterior[count];
    for (int i = 0; i < count; i++) {
      Lane lane = kept[i];
      ConversionEvidence own = conversions.route(lane.providerId(), country, lane.channel());
      ConversionEvidence inCountry = conversions.country(country, lane.channel());
      out[i] =
          ConversionModel.posterior(
              own, inCountry.minus(own), conversions.total(lane.channel()).minus(inCountry));
    }
    return out;
  }

  private static RouteCandidate[] score(
      Lane[] kept,
      ProviderStatus[] statuses,
      int count,
      RouteRequest request,
      Volumes volumes,
      Weights weights,
      ConversionModel.Posterior[] posteriors,
      boolean explore,
      SplittableRandom random) {
    double[][] raw = new double[ScoreCombiner.COMPONENTS][count];
    double[][] max = new double[Channel.values().length][ScoreCombiner.COMPONENTS];
    long[] monthly = new long[count];
    double[] conversion = new double[count];
    for (int i = 0; i < count; i++) {
      Lane lane = kept[i];
      monthly[i] = volumes.monthly(lane.providerId(), lane.region().id());
      conversion[i] =
          posteriors == null
              ? Double.NaN
              : Math.max(
                  MIN_CONVERSION, explore ? posteriors[i].draw(random) : posteriors[i].mean());
      int channel = lane.channel().ordinal();
      for (int c = 0; c < ScoreCombiner.COMPONENTS; c++) {
        double value = SCORERS[c].raw(lane, request, statuses[i], monthly[i], conversion[i]);
        raw[c][i] = value;
        max[channel][c] = Math.max(max[channel][c], value);
      }
    }
    RouteCandidate[] out = new RouteCandidate[count];
    for (int i = 0; i < count; i++) {
      Lane lane = kept[i];
      BigDecimal unit = lane.exactUnitPrice(monthly[i]);
      out[i] =
          new RouteCandidate(
              lane.providerId(),
              lane.channel(),
              lane.route().senderId(),
              lane.route().templateId(),
              unit,
              unit.multiply(BigDecimal.valueOf(lane.units(request.segments()))),
              Math.round(raw[ScoreCombiner.LATENCY][i]),
              raw[ScoreCombiner.CARBON][i],
              1 / raw[ScoreCombiner.QUALITY][i],
              posteriors == null ? null : posteriors[i].estimate(conversion[i]),
              lane.deliveryTimeout(),
              ScoreCombiner.breakdown(raw, max, lane.channel().ordinal(), i, weights));
    }
    return out;
  }

  /** RCS before SMS, then lower total, then provider name: deterministic for equal scores. */
  private static void sort(RouteCandidate[] a) {
    // Insertion sort: a handful of elements, no comparator objects, stable.
    for (int i = 1; i < a.length; i++) {
      RouteCandidate x = a[i];
      int j = i - 1;
      while (j >= 0 && compare(a[j], x) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
  }

  static int compare(RouteCandidate a, RouteCandidate b) {
    int byChannel = Integer.compare(a.channel().ordinal(), b.channel().ordinal());
    if (byChannel != 0) {
      return byChannel;
    }
    int byScore = Double.compare(a.score().total(), b.score().total());
    return byScore != 0 ? byScore : a.provider().compareTo(b.provider());
  }

  private static String channelUnavailable(Region region, RouteRequest request) {
    if (request.channel() == ChannelPreference.RCS) {
      if (!region.channels().contains(Channel.RCS)) {
        return "rcs was requested but region " + region.id() + " does not allow rcs";
      }
      // Say what is known: only a check that answered no says the handset cannot take RCS.
      return switch (request.rcsCapability()) {
        case NOT_CAPABLE -> "rcs was requested but the handset is not RCS-capable";
        case NO_ADAPTER -> "rcs was requested but this gateway has no RBM adapter";
        // Not reached with rules the checker accepts (an RCS region needs a lane that can carry
        // RCS) and an unanswered check, which is an outage; said plainly all the same.
        case UNANSWERED, CAPABLE ->
            "rcs was requested but no rcs provider in region " + region.id() + " may carry it";
      };
    }
    if (request.channel() == ChannelPreference.SMS) {
      return "sms was requested but region " + region.id() + " does not allow sms";
    }
    return "no channel allowed in region " + region.id() + " can reach this handset";
  }

  private RouteDecision refusal(
      Region region,
      List<Exclusion> exclusions,
      RefusalCode code,
      String detail,
      Weights weights,
      String weightsSource,
      Baseline baseline) {
    return new RouteDecision(
        region.id(),
        rules.version(),
        List.of(),
        exclusions,
        new Refusal(code, detail),
        null,
        weights,
        weightsSource,
        baseline,
        false);
  }
}
