package dev.otpgateway.providers.sinch.simulated;

import io.vertx.core.MultiMap;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The filters of Sinch's list-batches endpoint, as the simulator applies them.
 *
 * @param from sender ids to keep, or null for any
 * @param clientReference the reference to keep, or null for any
 */
record ListQuery(
    int page,
    int pageSize,
    Instant startDate,
    Instant endDate,
    Set<String> from,
    String clientReference) {

  /** "Only list messages received at or after this date/time. Default: Now-24". */
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  static ListQuery of(MultiMap params, Instant now) {
    Instant start = instant(params.get("start_date"), "start_date");
    String from = params.get("from");
    return new ListQuery(
        whole(params.get("page"), "page", 0, 0, Integer.MAX_VALUE),
        whole(params.get("page_size"), "page_size", 30, 1, 100),
        start == null ? now.minus(DEFAULT_WINDOW) : start,
        instant(params.get("end_date"), "end_date"),
        from == null
            ? null
            : Arrays.stream(from.split(",")).map(String::strip).collect(Collectors.toSet()),
        params.get("client_reference"));
  }

  boolean matches(SimulatedBatch batch) {
    return !batch.createdAt().isBefore(startDate)
        && (endDate == null || batch.createdAt().isBefore(endDate))
        && (from == null || from.contains(batch.from()))
        && (clientReference == null || clientReference.equals(batch.clientReference()));
  }

  private static int whole(String value, String name, int absent, int min, int max) {
    if (value == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal below
    }
    throw SinchApiError.invalidFormat(name + ": must be a whole number from " + min + " to " + max);
  }

  private static Instant instant(String value, String name) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw SinchApiError.invalidFormat(name + ": must be an ISO-8601 date-time");
    }
  }
}
