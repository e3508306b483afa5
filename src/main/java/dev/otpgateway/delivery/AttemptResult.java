package dev.otpgateway.delivery;

import dev.otpgateway.providers.FailureKind;

/**
 * What one try with one provider came to.
 *
 * @param ref our reference for the try, which receipts name
 * @param failureKind null when accepted
 * @param reason why it failed ({@code circuit_open}, {@code http_503}, {@code timeout}, ...), or
 *     how it was accepted ({@code found_after_timeout}); null for a plain acceptance
 */
public record AttemptResult(
    AttemptRef ref,
    Candidate candidate,
    boolean accepted,
    FailureKind failureKind,
    String reason,
    String providerMessageId,
    long at) {}
