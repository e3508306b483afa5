package dev.otpgateway.abuse;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Each tenant's requests per second, as token buckets on each node. A cluster-wide limit is split
 * evenly between the members, so the whole cluster admits about the tenant's limit without a shared
 * counter on the hot path; the split errs toward refusing when load is uneven.
 */
public final class TenantRateLimiter {
  private final Clock clock;
  private final IntSupplier memberCount;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TenantRateLimiter(Clock clock, IntSupplier memberCount) {
    this.clock = clock;
    this.memberCount = memberCount;
  }

  /**
   * @return 0 when admitted, else the milliseconds until a request would be
   */
  public long acquire(String tenantId, int requestsPerSecond) {
    double share = Math.max(1.0, requestsPerSecond / (double) Math.max(1, memberCount.getAsInt()));
    return buckets.computeIfAbsent(tenantId, t -> new Bucket()).take(share, clock.millis());
  }

  private static final class Bucket {
    private double tokens = -1;
    private long last;

    synchronized long take(double perSecond, long now) {
      if (tokens < 0) {
        tokens = perSecond;
        last = now;
      }
      tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1000.0);
      last = now;
      if (tokens >= 1.0) {
        tokens -= 1.0;
        return 0;
      }
      return (long) Math.ceil((1.0 - tokens) * 1000.0 / perSecond);
    }
  }
}
