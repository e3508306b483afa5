package dev.otpgateway.delivery;

import dev.otpgateway.routing.Channel;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * One provider to try, as routing ranked it.
 *
 * @param priceUsd what this message costs through it, at the tier in force
 * @param deliveryTimeout how long to wait for its delivery receipt before failing over
 */
public record Candidate(
    String provider,
    Channel channel,
    String sender,
    BigDecimal priceUsd,
    double carbonGrams,
    Duration deliveryTimeout)
    implements java.io.Serializable {}
