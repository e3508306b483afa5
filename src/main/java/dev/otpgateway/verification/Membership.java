package dev.otpgateway.verification;

import java.util.Set;

/** Who is in the cluster: the publishers of events, and whether one has left. */
public interface Membership {
  /** This member's id, which stamps the events it publishes. */
  String self();

  /** The ids of the members in the cluster now, this one included. */
  Set<String> current();

  /** Runs {@code action} (on no particular thread) whenever a member leaves. */
  void onMemberLeft(Runnable action);

  /** Runs {@code action} (on no particular thread) whenever a member joins. */
  void onMemberJoined(Runnable action);
}
