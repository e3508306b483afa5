package dev.otpgateway.routing;

/**
 * The risk level of what the code protects. {@code HIGH} is a payment at PSD3 level, where some
 * regions do not accept SMS as the second factor.
 */
public enum Risk {
  LOW("low"),
  HIGH("high");

  private final String id;

  Risk(String id) {
    this.id = id;
  }

  /** The lower-case name used in rules files. */
  public String id() {
    return id;
  }

  static Risk fromId(String id) {
    for (Risk r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    return null;
  }
}
