package dev.otpgateway.app;

/** A feature that is on, off, or decided by the rest of the configuration. */
public enum Switch {
  AUTO,
  ON,
  OFF;

  boolean resolve(boolean whenAuto) {
    return this == ON || (this == AUTO && whenAuto);
  }
}
