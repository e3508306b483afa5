package dev.otpgateway.otp;

import java.lang.Character.UnicodeScript;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Whether text shows on a handset exactly as it reads here. A payee the person approves a payment
 * to must look like what the tenant sent: a right-to-left override turns "Acme\u202eLTD" into
 * "AcmeDTL" on screen, a zero-width space or a non-breaking space hides a different string behind
 * the same picture, and a Cyrillic "а" in "Acme" is another payee that looks the same.
 *
 * <p>Refused: controls, format characters (bidi embeddings, overrides and isolates, zero-width
 * characters, soft hyphens, tags), the other default-ignorable characters (variation selectors,
 * Hangul fillers, the combining grapheme joiner), unassigned and private-use code points, unpaired
 * surrogates, line and paragraph separators, any space but U+0020 (and U+3000 in CJK text), leading
 * or trailing space, marks without a base or stacked more than {@value #MAX_MARKS} deep, digits of
 * different number systems, and, for names, scripts mixed beyond what UTS #39's "moderately
 * restrictive" level allows (Latin with one other script, but never with Cyrillic, Greek or
 * Cherokee; Latin with Han and Japanese kana, Bopomofo or Hangul).
 *
 * <p>Plain JDK: {@link Character#getType} and {@link UnicodeScript} know the categories and scripts
 * (at the JDK's Unicode version; a character newer than it is unassigned here, and refused).
 * ICU4J's SpoofChecker does the same checks, but its 15 MB jar would grow the gateway's 46 MB jar
 * by a third, and the one thing it would add, confusable skeletons between two strings, has no
 * second string to compare here. A name written wholly in one script that looks like another
 * ("Асме" in Cyrillic) is beyond any such check; only a list of known payees could tell.
 */
public final class DisplayText {
  /** Combining marks allowed on one base character (enough for Vietnamese and Devanagari). */
  static final int MAX_MARKS = 4;

  /**
   * Default-ignorable code points that are not format characters (Unicode DerivedCoreProperties).
   */
  private static final int[][] IGNORABLE_RANGES = {
    {0x034F, 0x034F}, // combining grapheme joiner
    {0x115F, 0x1160}, // Hangul choseong and jungseong fillers
    {0x17B4, 0x17B5}, // Khmer inherent vowels
    {0x180B, 0x180F}, // Mongolian free variation selectors
    {0x3164, 0x3164}, // Hangul filler
    {0xFE00, 0xFE0F}, // variation selectors
    {0xFFA0, 0xFFA0}, // halfwidth Hangul filler
    {0xE0100, 0xE01EF}, // variation selectors supplement
  };

  private static final Set<UnicodeScript> NEUTRAL =
      EnumSet.of(UnicodeScript.COMMON, UnicodeScript.INHERITED);
  private static final Set<UnicodeScript> NEVER_WITH_LATIN =
      EnumSet.of(UnicodeScript.CYRILLIC, UnicodeScript.GREEK, UnicodeScript.CHEROKEE);
  private static final Set<UnicodeScript> JAPANESE =
      EnumSet.of(
          UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA);
  private static final Set<UnicodeScript> CHINESE =
      EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO);
  private static final Set<UnicodeScript> KOREAN =
      EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL);

  private DisplayText() {}

  /**
   * Why a name (a payee, an app name) would not show as it reads, or null when it would. Names are
   * held to every rule, mixed scripts included.
   */
  public static String problemWithName(String text) {
    String problem = problemWith(text, false);
    return problem != null ? problem : mixedScripts(text);
  }

  /**
   * Why a message template would not show as it reads, or null. Templates may break lines and mix
   * scripts (a brand in Latin letters inside Hindi text is ordinary).
   */
  public static String problemWithMessage(String text) {
    return problemWith(text, true);
  }

  private static String problemWith(String text, boolean lineBreaks) {
    if (text.isEmpty()) {
      return null;
    }
    int marks = 0;
    boolean base = false;
    int zero = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      String refused = refusedCharacter(cp, lineBreaks);
      if (refused != null) {
        return "must not hold " + refused + " (" + named(cp) + ")";
      }
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK
          || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK) {
        if (!base) {
          return "must not start a word with a combining mark (" + named(cp) + ")";
        }
        if (++marks > MAX_MARKS) {
          return "must not stack more than " + MAX_MARKS + " combining marks on one character";
        }
      } else {
        marks = 0;
        base = !isSpace(cp) && cp != '\n';
      }
      if (type == Character.DECIMAL_DIGIT_NUMBER) {
        int digitZero = cp - Character.digit(cp, 10);
        if (zero >= 0 && zero != digitZero) {
          return "must not mix digits of different number systems";
        }
        zero = digitZero;
      }
    }
    if (isSpace(text.codePointAt(0)) || isSpace(text.codePointBefore(text.length()))) {
      return "must not start or end with a space";
    }
    return null;
  }

  /** What kind of character this is when it is refused, or null when it may be shown. */
  private static String refusedCharacter(int cp, boolean lineBreaks) {
    switch (Character.getType(cp)) {
      case Character.CONTROL:
        return cp == '\n' && lineBreaks ? null : "a control character";
      case Character.FORMAT:
        return isBidiControl(cp)
            ? "a bidirectional control character"
            : "an invisible formatting character";
      case Character.SURROGATE:
        return "an unpaired surrogate";
      case Character.UNASSIGNED:
        return "an unassigned character";
      case Character.PRIVATE_USE:
        return "a private-use character";
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
        return "a line or paragraph separator";
      case Character.SPACE_SEPARATOR:
        return cp == ' ' || cp == 0x3000 ? null : "a space other than U+0020";
      default:
        for (int[] range : IGNORABLE_RANGES) {
          if (cp >= range[0] && cp <= range[1]) {
            return "an invisible character";
          }
        }
        return null;
    }
  }

  private static boolean isBidiControl(int cp) {
    return cp == 0x061C
        || cp == 0x200E
        || cp == 0x200F
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  private static boolean isSpace(int cp) {
    return Character.getType(cp) == Character.SPACE_SEPARATOR || Character.isWhitespace(cp);
  }

  /**
   * UTS #39 "moderately restrictive": one script, or Latin with Han and kana, Han and Bopomofo, Han
   * and Hangul, or Latin with any one other script that is not easily mistaken for it.
   */
  private static String mixedScripts(String text) {
    Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
    text.codePoints()
        .mapToObj(UnicodeScript::of)
        .filter(script -> !NEUTRAL.contains(script))
        .forEach(scripts::add);
    if (scripts.size() <= 1
        || JAPANESE.containsAll(scripts)
        || CHINESE.containsAll(scripts)
        || KOREAN.containsAll(scripts)) {
      return null;
    }
    if (scripts.size() == 2
        && scripts.contains(UnicodeScript.LATIN)
        && scripts.stream().noneMatch(NEVER_WITH_LATIN::contains)) {
      return null;
    }
    return "must not mix the "
        + String.join(
            " and ", scripts.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList())
        + " scripts: letters of one can pass for another's (Cyrillic \"а\" for Latin \"a\")";
  }

  private static String named(int cp) {
    String name = Character.getName(cp);
    return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
  }
}
