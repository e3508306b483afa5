package dev.otpgateway.conversion;

import dev.otpgateway.routing.ConversionEvidence;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's conversion counts per route, and the evidence routing reads from them.
 *
 * <p>Messages are counted in {@value #BUCKET_MS} ms buckets by the time they went out, and an
 * approval is counted in its message's bucket, however late it comes. A bucket's messages count as
 * sends only as far as they have had their chance: a message of age {@code a} counts {@code F(a)},
 * the share of the route's approvals that come within {@code a}, and fully once it is older than
 * the route's 95th percentile of approval delay. So a message not yet approved is provisional
 * evidence against its route from the first seconds, growing to a full failure at the 95th
 * percentile, and an approval that comes later still corrects it. The ratio stays fair while it
 * learns: a route converting {@code p} shows {@code p} at every age.
 *
 * <p>Everything decays with a half-life of {@value #HALF_LIFE_MS} ms, so a route that recovers (or
 * turns bad) is seen to. Buckets older than {@value #BUCKETS} buckets (longer than any code lives)
 * fold into one decayed sum per route.
 */
public final class ConversionBook implements Serializable {
  private static final long serialVersionUID = 1;

  static final long BUCKET_MS = 2_000;

  /** 11 minutes of buckets: a code lives 10 minutes at most, so its approval comes before this. */
  static final int BUCKETS = 330;

  static final long HALF_LIFE_MS = 10 * 60_000;

  /** Messages older than this share of the route's approval delays count fully. */
  static final double FULL_AT = 0.95;

  /** Until a channel has approval delays to go by: a message counts fully after this. */
  static final long DEFAULT_FULL_MS = 30_000;

  private final Map<String, Route> routes = new HashMap<>();

  /** Adds a node's counts, as of {@code now}. */
  public void merge(ConversionDelta delta, long now) {
    delta.routes.forEach(
        (key, d) -> {
          Route route = routes.computeIfAbsent(key, k -> new Route());
          d.buckets.forEach((bucket, counts) -> route.add(bucket, counts[0], counts[1], now));
          for (int i = 0; i < d.delays.length; i++) {
            if (d.delays[i] > 0) {
              route.delays.add(i, d.delays[i]);
            }
          }
        });
  }

  /** Every route's evidence at {@code now}, by route key ({@code provider|country|channel}). */
  public Map<String, ConversionEvidence> evidence(long now) {
    Map<String, ApprovalDelays> byChannel = new HashMap<>();
    routes.forEach(
        (key, route) ->
            byChannel
                .computeIfAbsent(channelOf(key), c -> new ApprovalDelays())
                .addAll(route.delays));
    Map<String, ConversionEvidence> out = new HashMap<>();
    routes.forEach(
        (key, route) -> {
          ApprovalDelays delays =
              route.delays.total() >= ApprovalDelays.MIN_COUNT
                  ? route.delays
                  : byChannel.get(channelOf(key));
          out.put(key, route.evidence(now, delays));
        });
    return out;
  }

  private static String channelOf(String routeKey) {
    return routeKey.substring(routeKey.lastIndexOf('|') + 1);
  }

  static double decay(long ageMs) {
    return Math.pow(0.5, Math.max(0, ageMs) / (double) HALF_LIFE_MS);
  }

  /** One route: a ring of recent buckets, the decayed sum of older ones, and approval delays. */
  private static final class Route implements Serializable {
    private static final long serialVersionUID = 1;

    private final long[] ids = new long[BUCKETS];
    private final int[] sent = new int[BUCKETS];
    private final int[] approved = new int[BUCKETS];
    private final ApprovalDelays delays = new ApprovalDelays();
    private double foldedSends;
    private double foldedApproved;
    private long foldedAt;

    Route() {
      java.util.Arrays.fill(ids, Long.MIN_VALUE);
    }

    void add(long bucket, int sends, int approvals, long now) {
      long newest = Math.floorDiv(now, BUCKET_MS);
      // A node whose clock runs ahead counts in the present, not the future.
      long b = Math.min(bucket, newest);
      if (b <= newest - BUCKETS) {
        // Older than any bucket kept: its sends already count fully in the folded sum.
        fold(sends, approvals, b, now);
        return;
      }
      int slot = (int) Math.floorMod(b, (long) BUCKETS);
      if (ids[slot] != b) {
        if (ids[slot] != Long.MIN_VALUE) {
          fold(sent[slot], approved[slot], ids[slot], now);
        }
        ids[slot] = b;
        sent[slot] = 0;
        approved[slot] = 0;
      }
      sent[slot] += sends;
      approved[slot] += approvals;
    }

    private void fold(int sends, int approvals, long bucket, long now) {
      double keep = decay(now - foldedAt);
      double weight = decay(now - mid(bucket));
      foldedSends = foldedSends * keep + sends * weight;
      foldedApproved = foldedApproved * keep + approvals * weight;
      foldedAt = now;
    }

    ConversionEvidence evidence(long now, ApprovalDelays delays) {
      long newest = Math.floorDiv(now, BUCKET_MS);
      for (int slot = 0; slot < BUCKETS; slot++) {
        if (ids[slot] != Long.MIN_VALUE && ids[slot] <= newest - BUCKETS) {
          fold(sent[slot], approved[slot], ids[slot], now);
          ids[slot] = Long.MIN_VALUE;
        }
      }
      boolean byDelays = delays != null && delays.total() >= ApprovalDelays.MIN_COUNT;
      long fullMs = byDelays ? delays.quantileMs(FULL_AT) : DEFAULT_FULL_MS;
      double keep = decay(now - foldedAt);
      double sends = foldedSends * keep;
      double approvals = foldedApproved * keep;
      for (int slot = 0; slot < BUCKETS; slot++) {
        if (ids[slot] == Long.MIN_VALUE) {
          continue;
        }
        long age = Math.max(0, now - mid(ids[slot]));
        double chance = age >= fullMs ? 1 : byDelays ? delays.cdf(age) : 0;
        double weight = decay(age);
        // An approved message has had its chance, whatever its age; the others as far as their age
        // gave them one.
        int open = Math.max(0, sent[slot] - approved[slot]);
        sends += weight * (approved[slot] + chance * open);
        approvals += weight * approved[slot];
      }
      return new ConversionEvidence(approvals, sends);
    }

    private static long mid(long bucket) {
      return bucket * BUCKET_MS + BUCKET_MS / 2;
    }
  }
}
