package dev.otpgateway.sms;

/**
 * How an SMS body travels: its encoding, the number of segments the carrier bills, and the units it
 * uses (GSM-7 septets or UCS-2 code units).
 */
public record SegmentCount(Encoding encoding, int segments, int units) {
  public enum Encoding {
    GSM7,
    UCS2
  }
}
