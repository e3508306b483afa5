package dev.otpgateway.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Every start of a run, drawn up front from the scenario's seed: when it comes, to which number,
 * whether the handset takes RCS, and how the person (or bot) behind it will act. The same scenario
 * and seed give the same plan, so variants of a sitting play exactly the same traffic.
 */
final class TrafficPlan {
  /** The standard normal's 99th percentile: a spread's p99 is its median times e^(Z99 sigma). */
  private static final double Z_99 = 2.3263478740408408;

  /**
   * One start.
   *
   * @param attack the attack's name, or null for a person
   * @param enters whether a code that reaches the handset is entered
   * @param readDelayMs from the start until the first look at the phone
   * @param resendAfterMs how long without a code before asking again
   * @param resends whether this person asks again at all
   */
  record Arrival(
      int index,
      long atMs,
      String attack,
      String country,
      String number,
      boolean rcsCapable,
      boolean enters,
      long readDelayMs,
      long resendAfterMs,
      boolean resends) {}

  private final List<Arrival> arrivals;

  private TrafficPlan(List<Arrival> arrivals) {
    this.arrivals = List.copyOf(arrivals);
  }

  List<Arrival> arrivals() {
    return arrivals;
  }

  /** The numbers whose handsets RBM reports RCS-capable. */
  List<String> rcsCapable() {
    TreeSet<String> numbers = new TreeSet<>();
    arrivals.stream().filter(Arrival::rcsCapable).forEach(a -> numbers.add(a.number()));
    return List.copyOf(numbers);
  }

  static TrafficPlan of(Scenario s) {
    SplittableRandom random = new SplittableRandom(s.seed());
    // Numbers from a generator of their own: the other draws stay as they were for a seed.
    NumberPlan numbers = new NumberPlan(new SplittableRandom(s.seed() * 31 + 7));
    List<Arrival> all = new ArrayList<>();
    Scenario.People p = s.people();
    long end = s.duration().toMillis();
    double total = s.traffic().countries().values().stream().mapToDouble(d -> d).sum();
    SplittableRandom people = random.split();
    for (long at : arrivals(random.split(), s.traffic().ratePerSecond(), 0, end)) {
      String country = pick(people, s.traffic().countries(), total);
      double rcsShare = s.traffic().rcsCapable().getOrDefault(country, 0.0);
      all.add(
          new Arrival(
              0,
              at,
              null,
              country,
              numbers.next(country),
              people.nextDouble() < rcsShare,
              people.nextDouble() < p.enterCode(),
              draw(people, p.readDelay()),
              draw(people, p.resendAfter()),
              people.nextDouble() < p.resendShare()));
    }
    for (Scenario.Attack a : s.attacks()) {
      SplittableRandom bots = random.split();
      List<String> range =
          a.scattered()
              ? NumberPlan.scattered(a.prefix(), a.count(), bots)
              : NumberPlan.range(a.prefix(), a.count());
      long until = a.until() == null ? end : a.until().toMillis();
      int n = 0;
      for (long at : arrivals(bots, a.ratePerSecond(), a.from().toMillis(), until)) {
        String number = range.get(n++ % range.size());
        // Bots read the code at once, if they read it at all; they never ask again.
        all.add(
            new Arrival(
                0,
                at,
                a.name(),
                regionOf(number),
                number,
                false,
                bots.nextDouble() < a.enterCode(),
                1_000,
                Long.MAX_VALUE,
                false));
      }
    }
    all.sort(Comparator.comparingLong(Arrival::atMs));
    List<Arrival> indexed = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Arrival a = all.get(i);
      indexed.add(
          new Arrival(
              i,
              a.atMs(),
              a.attack(),
              a.country(),
              a.number(),
              a.rcsCapable(),
              a.enters(),
              a.readDelayMs(),
              a.resendAfterMs(),
              a.resends()));
    }
    return new TrafficPlan(indexed);
  }

  /** Poisson arrival times from {@code from} to {@code until} ms at {@code rate} per second. */
  private static List<Long> arrivals(
      SplittableRandom random, double ratePerSecond, long from, long until) {
    List<Long> out = new ArrayList<>();
    double meanGapMs = 1_000 / ratePerSecond;
    double t = from - meanGapMs * Math.log(1 - random.nextDouble());
    while (t < until) {
      out.add((long) t);
      t -= meanGapMs * Math.log(1 - random.nextDouble());
    }
    return out;
  }

  private static String pick(SplittableRandom random, Map<String, Double> weights, double total) {
    double x = random.nextDouble() * total;
    String last = null;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      last = e.getKey();
      x -= e.getValue();
      if (x < 0) {
        return last;
      }
    }
    return last;
  }

  /** A draw from a log-normal spread, in ms. */
  static long draw(SplittableRandom random, Scenario.Spread spread) {
    double median = spread.median().toMillis();
    double sigma = Math.log(spread.p99().toMillis() / median) / Z_99;
    return Math.round(median * Math.exp(sigma * gaussian(random)));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: two uniforms give one standard normal.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static String regionOf(String e164) {
    try {
      var util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
      return util.getRegionCodeForNumber(util.parse(e164, null));
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      throw new IllegalArgumentException(e164 + " is not a number", e);
    }
  }
}
