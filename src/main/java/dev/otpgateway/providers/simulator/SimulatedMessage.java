package dev.otpgateway.providers.simulator;

import java.time.Instant;

/**
 * A message a simulated provider accepted.
 *
 * @param id the provider's message id
 * @param reference the sender's own reference, when its API has one
 * @param callbackUrl where the receipt goes, when the request named one
 */
public record SimulatedMessage(
    String id,
    String provider,
    String channel,
    String to,
    String from,
    String body,
    String reference,
    String callbackUrl,
    Instant acceptedAt) {}
