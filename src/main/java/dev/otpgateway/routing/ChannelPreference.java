package dev.otpgateway.routing;

/** What the caller asked for: any channel, or only SMS, or only RCS. */
public enum ChannelPreference {
  AUTO,
  SMS,
  RCS;

  /** Whether a candidate on {@code channel} satisfies this preference. */
  public boolean accepts(Channel channel) {
    return switch (this) {
      case AUTO -> true;
      case SMS -> channel == Channel.SMS;
      case RCS -> channel == Channel.RCS;
    };
  }
}
