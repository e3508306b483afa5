package dev.otpgateway.providers.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the simulated handsets received, newest first per number. Bounded, because a load test sends
 * hundreds of thousands of messages: past the cap the least recently used number is forgotten.
 */
public final class Handsets {
  private static final int MESSAGES_PER_NUMBER = 20;

  private final Map<String, Deque<SimulatedMessage>> byNumber;

  public Handsets(int maxNumbers) {
    this.byNumber =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Deque<SimulatedMessage>> eldest) {
            return size() > maxNumbers;
          }
        };
  }

  public synchronized void receive(SimulatedMessage message) {
    Deque<SimulatedMessage> inbox = byNumber.computeIfAbsent(message.to(), n -> new ArrayDeque<>());
    inbox.addFirst(message);
    if (inbox.size() > MESSAGES_PER_NUMBER) {
      inbox.removeLast();
    }
  }

  /** Newest first. */
  public synchronized List<SimulatedMessage> inbox(String number) {
    Deque<SimulatedMessage> inbox = byNumber.get(number);
    return inbox == null ? List.of() : new ArrayList<>(inbox);
  }
}
