package dev.otpgateway.providers.simulator;

/**
 * Marks a share of events spread evenly instead of at random: a rate of 0.3 marks exactly 3 of
 * every 10, always the same ones (the 4th, 7th and 10th). A test that scripts a rate gets exactly
 * that rate, and a scenario that replays the same traffic gets the same outcome.
 */
final class EvenSpread {
  private final double rate;
  private double credit;

  EvenSpread(double rate) {
    this.rate = rate;
  }

  /** Whether the next event is one of the marked share. */
  synchronized boolean next() {
    if (rate <= 0) {
      return false;
    }
    credit += rate;
    if (credit >= 1.0 - 1e-9) {
      credit -= 1.0;
      return true;
    }
    return false;
  }
}
