package dev.otpgateway.providers.twilio;

/**
 * How many SMS segments a body takes, as the simulated Twilio reports it in {@code num_segments}:
 * GSM-7 (3GPP TS 23.038 default alphabet; extension characters take two septets) fits 160 in one
 * segment and 153 per segment when split; anything else is UCS-2, 70 and 67.
 */
final class SmsSegments {
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

  private SmsSegments() {}

  static int count(String body) {
    if (body == null || body.isEmpty()) {
      return 1;
    }
    int septets = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (GSM_BASIC.indexOf(c) >= 0) {
        septets += 1;
      } else if (GSM_EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        return split(body.length(), 70, 67);
      }
    }
    return split(septets, 160, 153);
  }

  private static int split(int units, int single, int perPart) {
    return units <= single ? 1 : (units + perPart - 1) / perPart;
  }
}
