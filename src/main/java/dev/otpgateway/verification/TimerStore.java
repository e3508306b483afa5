package dev.otpgateway.verification;

import io.vertx.core.Future;
import java.util.Set;

/**
 * Timers that outlive the node that armed them. Each entry names a due time; whoever removes an
 * entry first fires it, so a timer fires once even when a node's local timer and another node's
 * sweep race for it.
 */
public interface TimerStore {

  Future<Void> arm(String key, long dueAtMillis);

  /** Removes the timer; true when this call removed it and so owns its firing. */
  Future<Boolean> claim(String key);

  /** Keys of the due timers this node owns in the store; blocking, call it off the event loop. */
  Set<String> dueLocally(long nowMillis);
}
