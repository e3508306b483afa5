package dev.otpgateway.conversion;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * What one node observed since it last shared: per route, messages sent and approvals credited, by
 * the time bucket their message went out in, and the approvals' delays. Counts only, so deltas from
 * any number of nodes add up in any order.
 */
public final class ConversionDelta implements Serializable {
  private static final long serialVersionUID = 1;

  final Map<String, RouteDelta> routes = new HashMap<>();

  /** One route's counts: bucket index → {sent, approved}, and approvals per delay bin. */
  static final class RouteDelta implements Serializable {
    private static final long serialVersionUID = 1;

    final Map<Long, int[]> buckets = new HashMap<>();
    final int[] delays = new int[ApprovalDelays.EDGES_MS.length];

    private int[] bucket(long sentAt) {
      return buckets.computeIfAbsent(
          Math.floorDiv(sentAt, ConversionBook.BUCKET_MS), b -> new int[2]);
    }
  }

  /** A message went out on {@code route} at {@code at} (epoch ms). */
  public void sent(String route, long at) {
    routes.computeIfAbsent(route, r -> new RouteDelta()).bucket(at)[0]++;
  }

  /** A code sent on {@code route} at {@code sentAt} was approved {@code delayMs} later. */
  public void approved(String route, long sentAt, long delayMs) {
    RouteDelta r = routes.computeIfAbsent(route, k -> new RouteDelta());
    r.bucket(sentAt)[1]++;
    r.delays[ApprovalDelays.bin(Math.max(0, delayMs))]++;
  }

  public boolean isEmpty() {
    return routes.isEmpty();
  }

  /** Adds {@code other}'s counts to these (a delta that could not be shared goes with the next). */
  public void addAll(ConversionDelta other) {
    other.routes.forEach(
        (route, d) -> {
          RouteDelta mine = routes.computeIfAbsent(route, k -> new RouteDelta());
          d.buckets.forEach(
              (b, counts) -> {
                int[] c = mine.buckets.computeIfAbsent(b, k -> new int[2]);
                c[0] += counts[0];
                c[1] += counts[1];
              });
          for (int i = 0; i < d.delays.length; i++) {
            mine.delays[i] += d.delays[i];
          }
        });
  }
}
