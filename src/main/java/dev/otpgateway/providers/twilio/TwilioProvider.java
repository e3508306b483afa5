package dev.otpgateway.providers.twilio;

import com.twilio.base.Page;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import dev.otpgateway.providers.Accepted;
import dev.otpgateway.providers.FailureKind;
import dev.otpgateway.providers.OutboundMessage;
import dev.otpgateway.providers.Provider;
import dev.otpgateway.providers.ProviderException;
import dev.otpgateway.providers.ReceiptVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends SMS through Twilio's Programmable Messaging API with the official SDK: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json}, Basic auth (Account SID : auth token), form
 * fields {@code To}, {@code From}, {@code Body}, {@code StatusCallback} and {@code ValidityPeriod}
 * ({@code https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource};
 * SDK {@code com/twilio/rest/api/v2010/account/MessageCreator.java}).
 *
 * <p>Each adapter has its own {@link TwilioRestClient} (never the static {@code Twilio.init}), its
 * own connection pool ({@link TwilioHttpClient}) and its own bounded executor ({@link
 * TwilioBulkhead}), since the SDK blocks. Our reference rides in the status callback URL ({@link
 * TwilioCallbackUrl}). Call {@link #close()} when done.
 */
public final class TwilioProvider implements Provider, AutoCloseable {
  /** The name routing rules and the simulator use. */
  public static final String NAME = "twilio";

  /** Twilio's range for {@code ValidityPeriod}, in seconds (error 21624 outside it). */
  static final long MIN_VALIDITY_SECONDS = 1;

  static final long MAX_VALIDITY_SECONDS = 36_000;

  private final String accountSid;
  private final TwilioHttpClient http;
  private final TwilioRestClient client;
  private final TwilioBulkhead bulkhead;
  private final TwilioReceiptVerifier receipts;
  private final Clock clock;

  public TwilioProvider(Vertx vertx, TwilioSettings settings) {
    this(vertx, settings, Clock.systemUTC());
  }

  public TwilioProvider(Vertx vertx, TwilioSettings settings, Clock clock) {
    this.accountSid = settings.accountSid();
    this.clock = clock;
    this.http =
        new TwilioHttpClient(
            TwilioBaseUrl.of(settings.baseUrl()), settings.timeout(), settings.maxConnections());
    this.client =
        new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
            .accountSid(settings.accountSid())
            .httpClient(http)
            .build();
    this.bulkhead = new TwilioBulkhead(vertx, settings.threads(), settings.timeout());
    this.receipts = new TwilioReceiptVerifier(settings.authToken(), clock);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Accepted> send(OutboundMessage message) {
    URI statusCallback;
    try {
      statusCallback = statusCallback(message);
    } catch (IllegalArgumentException e) {
      // Our configuration, not the number: nothing went out, and a provider that reports
      // delivery another way can still carry the message.
      return Future.failedFuture(
          new ProviderException(
              NAME,
              FailureKind.RETRYABLE,
              0,
              "invalid_callback_url",
              "the callback URL is invalid"));
    }
    MessageCreator creator =
        Message.creator(
                accountSid,
                new PhoneNumber(message.to()),
                message.sender() == null ? null : new PhoneNumber(message.sender()),
                message.body())
            .setValidityPeriod(validitySeconds(message.validity()));
    if (statusCallback != null) {
      creator.setStatusCallback(statusCallback);
    }
    return bulkhead.call(
        () -> {
          Message created = creator.create(client);
          return new Accepted(created.getSid(), TwilioLookup.segments(created.getNumSegments()));
        },
        TwilioFailures::classify);
  }

  @Override
  public Future<Accepted> lookup(OutboundMessage message) {
    MessageReader reader =
        Message.reader(accountSid).setTo(message.to()).setPageSize((long) TwilioLookup.PAGE_SIZE);
    if (message.sender() != null) {
      reader.setFrom(message.sender());
    }
    return bulkhead.call(
        () -> {
          Page<Message> page = reader.firstPage(client);
          return TwilioLookup.decide(
              page.getRecords(),
              !page.hasNextPage(),
              message,
              Optional.ofNullable(message.startedAt()),
              clock.instant());
        },
        TwilioFailures::classify);
  }

  @Override
  public boolean probes() {
    return true;
  }

  /** One message of the listing ({@code GET .../Messages.json?PageSize=1}): read-only, free. */
  @Override
  public Future<Void> probe() {
    MessageReader reader = Message.reader(accountSid).setPageSize(1L);
    return bulkhead.call(() -> reader.firstPage(client), TwilioFailures::classify).mapEmpty();
  }

  @Override
  public ReceiptVerifier receipts() {
    return receipts;
  }

  /**
   * When the number's SIM last changed, by Lookup v2 with {@code Fields=sim_swap}
   * (https://www.twilio.com/docs/lookup/v2-api/sim-swap). Fails when Twilio answers none, or an
   * error code in its place.
   */
  public Future<SimSwapAnswer> lastSimSwap(String e164) {
    return bulkhead.call(
        () -> {
          // Lookup's PhoneNumber resource, not the messaging type of the same name imported above.
          com.twilio.rest.lookups.v2.PhoneNumber looked =
              com.twilio.rest.lookups.v2.PhoneNumber.fetcher(e164)
                  .setFields("sim_swap")
                  .fetch(client);
          var info = looked.getSimSwap();
          if (info == null || info.getErrorCode() != null || info.getLastSimSwap() == null) {
            throw new ProviderException(
                NAME,
                FailureKind.RETRYABLE,
                0,
                "sim_swap_unavailable",
                "Twilio answered no SIM-swap information"
                    + (info == null || info.getErrorCode() == null
                        ? ""
                        : " (error " + info.getErrorCode() + ")"));
          }
          var last = info.getLastSimSwap();
          return new SimSwapAnswer(
              last.getLastSimSwapDate() == null ? null : last.getLastSimSwapDate().toInstant(),
              last.getSwappedPeriod() == null ? null : Duration.parse(last.getSwappedPeriod()),
              Boolean.TRUE.equals(last.getSwappedInPeriod()));
        },
        TwilioFailures::classify);
  }

  /**
   * Twilio's answer on a number's SIM.
   *
   * @param swappedAt when the SIM last changed, or null when Twilio did not say
   * @param period the window Twilio's answer covers
   * @param swappedInPeriod whether the SIM changed within it
   */
  public record SimSwapAnswer(Instant swappedAt, Duration period, boolean swappedInPeriod) {}

  /** Stops the executor and closes the connection pool. */
  @Override
  public void close() {
    bulkhead.close();
    http.close();
  }

  static int validitySeconds(Duration validity) {
    long seconds = validity.toSeconds();
    return (int) Math.max(MIN_VALIDITY_SECONDS, Math.min(MAX_VALIDITY_SECONDS, seconds));
  }

  private static URI statusCallback(OutboundMessage message) {
    if (message.callbackUrl() == null) {
      return null;
    }
    URI uri =
        URI.create(TwilioCallbackUrl.withReference(message.callbackUrl(), message.reference()));
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute URL");
    }
    return uri;
  }
}
