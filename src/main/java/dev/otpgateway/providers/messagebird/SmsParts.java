package dev.otpgateway.providers.messagebird;

/**
 * How the simulated MessageBird encodes and splits a text, as SMS does: GSM 03.38 ("plain" in
 * MessageBird's {@code datacoding}) when every character is in its alphabet, 160 septets in one
 * part or 153 per part when concatenated, extension characters taking two; otherwise UCS-2
 * ("unicode"), 70 or 67 UTF-16 units per part.
 */
final class SmsParts {
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
          + "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

  private SmsParts() {}

  static boolean isGsm(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  static int count(String text, boolean gsm) {
    int units = text.length();
    if (gsm) {
      for (int i = 0; i < text.length(); i++) {
        units += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 1 : 0;
      }
      return units <= 160 ? 1 : (units + 152) / 153;
    }
    return units <= 70 ? 1 : (units + 66) / 67;
  }
}
