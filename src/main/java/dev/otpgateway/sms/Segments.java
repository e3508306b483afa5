package dev.otpgateway.sms;

import java.util.BitSet;

/**
 * Counts SMS segments the way carriers bill them (3GPP TS 23.038 and 23.040). A body that fits the
 * GSM 03.38 default alphabet and its extension table goes as GSM-7: 160 septets in one segment, 153
 * per segment once it is split, an extension character costing two septets that are never split
 * across segments. Anything else goes as UCS-2: 70 code units in one segment, 67 per segment once
 * split, a surrogate pair (an emoji) costing two units that are never split.
 *
 * <p>The one counter: the gateway prices with it and every simulated provider reports its segment
 * or part count with it.
 */
public final class Segments {
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String GSM_EXTENSION = "\f^{}\\[~]|€";
  private static final BitSet BASIC = charSet(GSM_BASIC);
  private static final BitSet EXTENSION = charSet(GSM_EXTENSION);

  private Segments() {}

  public static SegmentCount count(String body) {
    return isGsm7(body) ? countGsm7(body) : countUcs2(body);
  }

  public static boolean isGsm7(String body) {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!BASIC.get(c) && !EXTENSION.get(c)) {
        return false;
      }
    }
    return true;
  }

  private static SegmentCount countGsm7(String body) {
    int total = 0;
    for (int i = 0; i < body.length(); i++) {
      total += EXTENSION.get(body.charAt(i)) ? 2 : 1;
    }
    if (total <= 160) {
      return new SegmentCount(SegmentCount.Encoding.GSM7, 1, total);
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < body.length(); i++) {
      int cost = EXTENSION.get(body.charAt(i)) ? 2 : 1;
      if (used + cost > 153) {
        segments++;
        used = 0;
      }
      used += cost;
    }
    return new SegmentCount(SegmentCount.Encoding.GSM7, segments, total);
  }

  private static SegmentCount countUcs2(String body) {
    int total = body.length();
    if (total <= 70) {
      return new SegmentCount(SegmentCount.Encoding.UCS2, 1, total);
    }
    int segments = 1;
    int used = 0;
    for (int i = 0; i < body.length(); i++) {
      int cost = Character.isHighSurrogate(body.charAt(i)) && i + 1 < body.length() ? 2 : 1;
      if (used + cost > 67) {
        segments++;
        used = 0;
      }
      used += cost;
      i += cost - 1;
    }
    return new SegmentCount(SegmentCount.Encoding.UCS2, segments, total);
  }

  private static BitSet charSet(String chars) {
    BitSet set = new BitSet();
    chars.chars().forEach(set::set);
    return set;
  }
}
