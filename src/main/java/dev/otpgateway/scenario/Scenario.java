package dev.otpgateway.scenario;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario of traffic, as {@code scenarios/README.md} describes its file: who asks for codes from
 * where and how often, how people behave, how each provider behaves and how that changes over the
 * run, attack traffic, and which variants of the gateway to compare. Every value here was checked
 * by {@link ScenarioLoader}.
 *
 * @param file where it was read from
 * @param seed seeds every draw: arrivals, numbers, people, and the gateway's exploration
 * @param duration how long traffic is started (wall clock)
 * @param drain how long, at most, people may still finish once traffic stops
 * @param label the name of the run as written (variants have their own)
 * @param tenant extra fields of the tenant the traffic runs as, passed to {@code POST
 *     /v1/admin/tenants} as they are (limits, fraud, sim_swap, ...)
 * @param providers each provider's settings from the start, as the simulator's control API takes
 *     them
 * @param monthToDate units already sent this month, by region then provider, before the run
 */
public record Scenario(
    String file,
    String name,
    String description,
    long seed,
    Duration duration,
    Duration drain,
    String label,
    GatewaySettings gateway,
    JsonObject tenant,
    Traffic traffic,
    People people,
    Map<String, JsonObject> providers,
    List<Change> timeline,
    Map<String, Map<String, Long>> monthToDate,
    List<Attack> attacks,
    List<Watch> watches,
    List<Variant> variants) {

  /** The gateway's settings for a run; null leaves the gateway's default. */
  public record GatewaySettings(Boolean conversions, Integer explorationPercent) {
    /** These settings with {@code over}'s set ones on top. */
    GatewaySettings with(GatewaySettings over) {
      return new GatewaySettings(
          over.conversions != null ? over.conversions : conversions,
          over.explorationPercent != null ? over.explorationPercent : explorationPercent);
    }
  }

  /**
   * Who asks for codes.
   *
   * @param ratePerSecond verifications started per second (arrivals at random, Poisson)
   * @param countries weight of each destination country
   * @param rcsCapable share of handsets per country that RBM reports RCS-capable
   */
  public record Traffic(
      double ratePerSecond, Map<String, Double> countries, Map<String, Double> rcsCapable) {}

  /** A log-normal spread of durations, given by its median and 99th percentile. */
  public record Spread(Duration median, Duration p99) {}

  /**
   * How people behave once they asked for a code.
   *
   * @param enterCode share who enter a code that reaches them
   * @param readDelay from the start until they first look at their phone
   * @param lookAgainEvery how often they look again while no code has come
   * @param resendAfter how long without a code before they ask for it again
   * @param resendShare share of those who do ask again
   * @param maxResends how many times at most
   * @param giveUpAfter from the start, when they stop waiting
   */
  public record People(
      double enterCode,
      Spread readDelay,
      Duration lookAgainEvery,
      Spread resendAfter,
      double resendShare,
      int maxResends,
      Duration giveUpAfter) {}

  /**
   * A change of one provider's behaviour during the run, undone at {@code until}.
   *
   * @param name names it for variants that leave it out; may be null
   * @param until null: till the end of the run
   * @param set the fields to set, as the simulator's control API takes them
   */
  public record Change(
      String name, Duration at, Duration until, String provider, JsonObject set, int line) {}

  /**
   * Bots requesting codes to a run of numbers (SMS pumping), for the fraud guard.
   *
   * @param prefix E.164 digits the numbers start with
   * @param count how many numbers are tried
   * @param enterCode share of codes the bots enter (little or none)
   * @param scattered the numbers are drawn at random from all under the prefix, rather than walked
   *     in sequence from its first
   */
  public record Attack(
      String name,
      Duration from,
      Duration until,
      double ratePerSecond,
      String prefix,
      int count,
      double enterCode,
      boolean scattered) {}

  /**
   * A provider in a country whose share of messages the report follows, block by block.
   *
   * @param block verifications to the country per block
   */
  public record Watch(String provider, String country, int block) {}

  /**
   * The scenario again with other gateway settings, or without some changes.
   *
   * @param without names of timeline changes left out
   * @param tenant tenant settings set on top of the scenario's (e.g. the fraud guard's mode)
   */
  public record Variant(
      String label, GatewaySettings gateway, Set<String> without, JsonObject tenant) {}

  /** Every run of the sitting: the scenario as written first, then its variants. */
  public List<Variant> runs() {
    List<Variant> runs = new java.util.ArrayList<>();
    runs.add(new Variant(label, gateway, Set.of(), tenant));
    for (Variant v : variants) {
      runs.add(
          new Variant(
              v.label(),
              gateway.with(v.gateway()),
              v.without(),
              tenant.copy().mergeIn(v.tenant())));
    }
    return runs;
  }
}
