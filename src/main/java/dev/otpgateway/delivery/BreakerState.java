package dev.otpgateway.delivery;

/** A provider breaker's state, with the value {@code otp_circuit_state} exposes. */
public enum BreakerState {
  CLOSED(0),
  HALF_OPEN(1),
  OPEN(2);

  public final int gaugeValue;

  BreakerState(int gaugeValue) {
    this.gaugeValue = gaugeValue;
  }
}
