package dev.otpgateway.routing;

/** A delivery channel. The rules files spell them in lower case ({@code sms}, {@code rcs}). */
public enum Channel {
  /** Rich Communication Services through Google RBM; priced per message. */
  RCS("rcs"),
  /** Plain SMS; priced per segment. */
  SMS("sms");

  private final String id;

  Channel(String id) {
    this.id = id;
  }

  /** The lower-case name used in rules files, reason codes and reports. */
  public String id() {
    return id;
  }

  /** Parses the lower-case rules spelling; returns {@code null} for anything else. */
  static Channel fromId(String id) {
    for (Channel c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    return null;
  }
}
