package dev.otpgateway.tenancy;

import java.io.Serializable;

/**
 * What one tenant may do.
 *
 * @param perDestinationPerHour starts (sends and resends) per number per sliding hour
 * @param requestsPerSecond start requests per second, across the cluster
 * @param codeLength digits per code
 * @param codeTtlSeconds how long a code lives
 */
public record TenantLimits(
    int perDestinationPerHour, int requestsPerSecond, int codeLength, int codeTtlSeconds)
    implements Serializable {
  public static final TenantLimits DEFAULTS = new TenantLimits(3, 50, 6, 300);

  public static final int MAX_PER_DESTINATION_PER_HOUR = 1000;
  public static final int MAX_REQUESTS_PER_SECOND = 100_000;
  public static final int MIN_CODE_TTL_SECONDS = 60;
  public static final int MAX_CODE_TTL_SECONDS = 600;
}
