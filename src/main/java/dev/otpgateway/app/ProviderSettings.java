package dev.otpgateway.app;

import dev.otpgateway.providers.messagebird.MessageBirdSettings;
import dev.otpgateway.providers.rbm.RbmSettings;
import dev.otpgateway.providers.sinch.SinchSettings;
import dev.otpgateway.providers.twilio.TwilioSettings;

/** Every provider's connection settings. */
public record ProviderSettings(
    TwilioSettings twilio, SinchSettings sinch, MessageBirdSettings messagebird, RbmSettings rbm) {
  public boolean anyCredentials() {
    return twilio.hasCredentials()
        || sinch.hasCredentials()
        || messagebird.hasCredentials()
        || rbm.hasCredentials();
  }
}
