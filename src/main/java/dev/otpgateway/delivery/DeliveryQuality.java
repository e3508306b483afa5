package dev.otpgateway.delivery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What receipts say about each provider lately: the share of messages delivered and how long the
 * receipts took, both as exponentially weighted averages so a provider that degrades is noticed
 * within a few hundred messages, and one that recovers is forgiven as quickly.
 */
public final class DeliveryQuality {
  /** Weight of each new receipt; about the last 1/ALPHA receipts dominate. */
  private static final double ALPHA = 0.02;

  private final Map<String, Stats> byProvider = new ConcurrentHashMap<>();

  /** One provider's observed delivery. */
  public record Snapshot(double successRate, double receiptLatencyMs, long samples) {}

  public void delivered(String provider, double latencyMs) {
    stats(provider).add(1.0, latencyMs);
  }

  /** A failure receipt, or no receipt within the delivery timeout. */
  public void failed(String provider) {
    stats(provider).add(0.0, Double.NaN);
  }

  public Snapshot snapshot(String provider) {
    Stats s = byProvider.get(provider);
    return s == null ? new Snapshot(1.0, Double.NaN, 0) : s.snapshot();
  }

  private Stats stats(String provider) {
    return byProvider.computeIfAbsent(provider, p -> new Stats());
  }

  private static final class Stats {
    private double successRate = 1.0;
    private double latencyMs = Double.NaN;
    private long samples;

    synchronized void add(double success, double latency) {
      // Starts from 1.0 and moves a step per receipt: one early failure must not condemn a
      // provider.
      successRate += ALPHA * (success - successRate);
      if (!Double.isNaN(latency)) {
        latencyMs = Double.isNaN(latencyMs) ? latency : latencyMs + ALPHA * (latency - latencyMs);
      }
      samples++;
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(successRate, latencyMs, samples);
    }
  }
}
