package dev.otpgateway.abuse;

import java.util.ArrayList;
import java.util.List;

/**
 * The fraud guard's signals, as pure arithmetic over counts (DESIGN §6b). SMS pumping sends codes
 * nobody enters: its mark is volume that does not convert. Each signal compares what a window
 * started with what it approved, at the level pumping shows first:
 *
 * <ul>
 *   <li><b>prefix_burst</b>: many starts to one number prefix within the hour, far above its own
 *       usual hour, few approved (of a 6-digit prefix's starts, those old enough to have been
 *       entered). Real users spread over a country's prefixes; a pumped range is a handful of
 *       prefixes.
 *   <li><b>prefix_unconverted</b>: a prefix whose starts, old enough to have been approved, got no
 *       approval at all, within the hour or the day.
 *   <li><b>country_unconverted</b>: a country converting at less than half its own usual rate (its
 *       last fourteen days, tempered by a prior) on enough volume: low-and-slow pumping spread over
 *       many prefixes still drags its country's conversion down.
 *   <li><b>new_country</b>: a tenant with history suddenly sending unapproved codes to a country it
 *       never sent to before.
 *   <li><b>sequential_numbers</b>: a run of near-consecutive numbers in a few minutes: how bots
 *       walk a range.
 * </ul>
 *
 * Thresholds are per level: a floor of volume below which nothing is judged (so a handful of
 * unconverted codes never blocks), and a conversion below which volume is suspect. They were set on
 * the scenarios in {@code scenarios/pumping-*.yaml} and checked on variations (docs/fraud.md).
 */
public final class FraudSignals {
  /**
   * Number prefixes watched: E.164 digits after the plus, e.g. {@code +120255} and {@code
   * +12025550}.
   */
  static final int[] PREFIX_LENGTHS = {6, 8};

  /** Starts this recent are not expected to be approved yet. */
  static final int SETTLE_MINUTES = 2;

  private final Thresholds t;

  public FraudSignals(Thresholds thresholds) {
    this.t = thresholds;
  }

  /**
   * The thresholds. Floors are counts of starts in the window; conversions are shares.
   *
   * @param burstFloor starts to one prefix within the hour, by prefix length (6, 8)
   * @param burstOverUsual and this many times the prefix's usual hour (its last fourteen days)
   * @param burstConversion below this share approved, a burst is suspect
   * @param unconvertedHourFloor settled starts to a prefix within the hour with none approved
   * @param unconvertedDayFloor settled starts to a prefix within the day with none approved
   * @param countryHourFloor settled starts to a country within the hour before it is judged
   * @param countryDayFloor starts to a country within the day before it is judged
   * @param countryRatio suspect below this share of the country's usual conversion
   * @param priorConversion a country's usual conversion before it has history
   * @param priorWeight how many starts the prior counts as
   * @param newCountryHistory a tenant's starts over 14 days before a new country is suspect
   * @param newCountryFloor unapproved starts to a new country within the day that make it so
   * @param sequentialRun numbers within {@link SequenceWatch#SPAN} of each other that make a run
   */
  public record Thresholds(
      int[] burstFloor,
      double burstOverUsual,
      double burstConversion,
      int[] unconvertedHourFloor,
      int[] unconvertedDayFloor,
      int countryHourFloor,
      int countryDayFloor,
      double countryRatio,
      double priorConversion,
      double priorWeight,
      int newCountryHistory,
      int newCountryFloor,
      int sequentialRun) {

    public static final Thresholds DEFAULT =
        new Thresholds(
            new int[] {60, 25},
            4,
            0.3,
            new int[] {12, 6},
            new int[] {24, 10},
            30,
            80,
            0.5,
            0.8,
            20,
            50,
            5,
            5);
  }

  /** A signal that fired: what, for whom, over which window, and the figures that fired it. */
  public record Signal(
      String name,
      String scope,
      String subject,
      String window,
      long started,
      long approved,
      String rule) {
    /** One line for the ledger and the admin preview. */
    public String describe() {
      return name
          + " "
          + scope
          + " "
          + subject
          + " over "
          + window
          + ": "
          + started
          + " started, "
          + approved
          + " approved ("
          + rule
          + ")";
    }
  }

  /** What one start's destination looks like to the guard, per scope. */
  public record View(
      String scope,
      String country,
      WindowCounts countryCounts,
      String[] prefixes,
      WindowCounts[] prefixCounts) {}

  /** Every signal the views fire, tenant scope first. */
  public List<Signal> evaluate(
      long now, List<View> views, WindowCounts tenantAll, String tenantCountry, int sequential) {
    List<Signal> fired = new ArrayList<>();
    for (View v : views) {
      for (int i = 0; i < v.prefixes().length; i++) {
        prefix(now, v.scope(), v.prefixes()[i], v.prefixCounts()[i], i, fired);
      }
      country(now, v.scope(), v.country(), v.countryCounts(), fired);
    }
    if (tenantAll != null && !views.isEmpty()) {
      newCountry(now, tenantCountry, views.get(0).countryCounts(), tenantAll, fired);
    }
    if (sequential >= t.sequentialRun()) {
      fired.add(
          new Signal(
              "sequential_numbers",
              "tenant",
              "country " + tenantCountry,
              "10m",
              sequential,
              0,
              sequential + " numbers within " + SequenceWatch.SPAN + " of each other"));
    }
    return fired;
  }

  private void prefix(
      long now, String scope, String prefix, WindowCounts c, int level, List<Signal> fired) {
    String subject = "prefix " + prefix;
    WindowCounts.Tally hour = c.lastMinutes(now, 60, 0);
    WindowCounts.Tally settled = c.lastMinutes(now, 60, SETTLE_MINUTES);
    long usualHour = c.history(now).started() / (WindowCounts.HISTORY_DAYS * 24);
    long burst = Math.max(t.burstFloor()[level], Math.round(t.burstOverUsual() * usualHour));
    // A burst is judged at once, before its codes could have been entered: people spread over a
    // country's numbering seldom put dozens of starts into one prefix within minutes, and a fast
    // attack must not get minutes of sends through while conversions catch up.
    if (hour.started() >= burst && hour.approved() < t.burstConversion() * hour.started()) {
      fired.add(
          new Signal(
              "prefix_burst",
              scope,
              subject,
              "1h",
              hour.started(),
              hour.approved(),
              "at least " + burst + " started, under " + pct(t.burstConversion()) + " approved"));
      return;
    }
    if (settled.started() >= t.unconvertedHourFloor()[level] && hour.approved() == 0) {
      fired.add(
          new Signal(
              "prefix_unconverted",
              scope,
              subject,
              "1h",
              settled.started(),
              0,
              "at least " + t.unconvertedHourFloor()[level] + " settled starts, none approved"));
      return;
    }
    WindowCounts.Tally day = c.lastDay(now);
    long daySettled = day.started() - (hour.started() - settled.started());
    if (daySettled >= t.unconvertedDayFloor()[level] && day.approved() == 0) {
      fired.add(
          new Signal(
              "prefix_unconverted",
              scope,
              subject,
              "24h",
              daySettled,
              0,
              "at least " + t.unconvertedDayFloor()[level] + " settled starts, none approved"));
    }
  }

  private void country(long now, String scope, String country, WindowCounts c, List<Signal> fired) {
    WindowCounts.Tally history = c.history(now);
    double usual =
        (history.approved() + t.priorConversion() * t.priorWeight())
            / (history.started() + t.priorWeight());
    double bar = t.countryRatio() * usual;
    // Starts are judged once old enough to have been entered, against every approval so far: codes
    // sent in the last minutes are not entered yet, and counting them would make any surge look
    // unconverted until its people catch up.
    WindowCounts.Tally hour = c.lastMinutes(now, 60, 0);
    WindowCounts.Tally settled = c.lastMinutes(now, 60, SETTLE_MINUTES);
    if (settled.started() >= t.countryHourFloor() && hour.approved() < bar * settled.started()) {
      fired.add(
          new Signal(
              "country_unconverted",
              scope,
              "country " + country,
              "1h",
              settled.started(),
              hour.approved(),
              "under " + pct(bar) + " approved, half its usual " + pct(usual)));
      return;
    }
    WindowCounts.Tally day = c.lastDay(now);
    long daySettled = day.started() - (hour.started() - settled.started());
    if (daySettled >= t.countryDayFloor() && day.approved() < bar * daySettled) {
      fired.add(
          new Signal(
              "country_unconverted",
              scope,
              "country " + country,
              "24h",
              daySettled,
              day.approved(),
              "under " + pct(bar) + " approved, half its usual " + pct(usual)));
    }
  }

  private void newCountry(
      long now,
      String country,
      WindowCounts tenantCountry,
      WindowCounts tenantAll,
      List<Signal> fired) {
    if (tenantAll.history(now).started() < t.newCountryHistory()
        || tenantCountry.history(now).started() > 0) {
      return;
    }
    WindowCounts.Tally day = tenantCountry.lastDay(now);
    long recent =
        tenantCountry.lastMinutes(now, 60, 0).started()
            - tenantCountry.lastMinutes(now, 60, SETTLE_MINUTES).started();
    if (day.started() - recent - day.approved() >= t.newCountryFloor()) {
      fired.add(
          new Signal(
              "new_country",
              "tenant",
              "country " + country,
              "24h",
              day.started(),
              day.approved(),
              "no start there in 14 days before, now at least "
                  + t.newCountryFloor()
                  + " unapproved"));
    }
  }

  /**
   * A share as whole percent, rounded half up as {@code %.0f} rounds. Not String.format: parsing
   * its pattern for every flagged start was a quarter of the fraud check's time in a profile.
   */
  private static String pct(double share) {
    return Math.round(share * 100) + "%";
  }
}
