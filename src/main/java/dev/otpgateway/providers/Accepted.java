package dev.otpgateway.providers;

/**
 * A provider took the message.
 *
 * @param providerMessageId the provider's id of the message (Twilio SID, Sinch batch id, ...)
 * @param segments how many billable segments the provider reports, or 0 when it doesn't say
 */
public record Accepted(String providerMessageId, int segments) {}
