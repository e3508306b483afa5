package dev.otpgateway.delivery;

import java.time.Duration;

/**
 * One provider to try, as routing ranked it.
 *
 * @param costUsd what this message costs through it
 * @param deliveryTimeout how long to wait for its delivery receipt before failing over
 */
public record Candidate(
    String provider,
    String channel,
    String sender,
    double costUsd,
    double carbonGrams,
    Duration deliveryTimeout) {}
