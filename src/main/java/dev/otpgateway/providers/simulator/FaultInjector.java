package dev.otpgateway.providers.simulator;

/**
 * Decides each simulated call's fate from the provider's settings. Errors are spread evenly rather
 * than drawn at random (an error rate of 0.5 fails every second call), so a test that scripts a
 * rate gets exactly that rate.
 */
final class FaultInjector {
  private volatile FaultSettings settings = FaultSettings.HEALTHY;
  private double errorCredit;

  FaultSettings settings() {
    return settings;
  }

  void update(FaultSettings next) {
    synchronized (this) {
      settings = next;
      errorCredit = 0;
    }
  }

  /** The fate of the next call. */
  Fate next() {
    FaultSettings s = settings;
    if (s.down()) {
      return new Fate(503, 0);
    }
    if (s.errorRate() > 0) {
      synchronized (this) {
        errorCredit += s.errorRate();
        if (errorCredit >= 1.0 - 1e-9) {
          errorCredit -= 1.0;
          return new Fate(s.errorStatus(), s.latencyMs());
        }
      }
    }
    return new Fate(0, s.latencyMs());
  }

  /**
   * @param errorStatus the status to fail with, or 0 to accept
   */
  record Fate(int errorStatus, int latencyMs) {
    boolean fails() {
      return errorStatus != 0;
    }
  }
}
