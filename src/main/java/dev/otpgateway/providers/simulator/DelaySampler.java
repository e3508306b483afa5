package dev.otpgateway.providers.simulator;

import java.util.Random;

/** Draws delays for one setting in one scope, reproducibly from the setting's seed. */
final class DelaySampler {
  private final Delay delay;
  private final int maxMs;
  private final Random random;

  /**
   * @param maxMs the longest delay the setting allows; a draw beyond it is cut to it
   */
  DelaySampler(Delay delay, int maxMs) {
    this.delay = delay;
    this.maxMs = maxMs;
    this.random = delay instanceof Delay.LogNormal d ? new Random(d.seed()) : null;
  }

  int next() {
    if (delay instanceof Delay.LogNormal d) {
      double drawn = Math.exp(d.mu() + d.sigma() * random.nextGaussian());
      return (int) Math.min(maxMs, Math.round(drawn));
    }
    return ((Delay.Fixed) delay).ms();
  }
}
