package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.conversion.ConversionBook;
import dev.otpgateway.conversion.ConversionDelta;
import dev.otpgateway.conversion.ConversionStore;
import dev.otpgateway.routing.ConversionEvidence;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster's conversion counts as one {@link ConversionBook} under one key, updated by one entry
 * processor so concurrent nodes never lose each other's counts; the processor answers with the
 * evidence, a few numbers per route, not the book.
 */
final class HazelcastConversionStore implements ConversionStore {
  static final String KEY = "routes";

  private final EntryCalls<String, ConversionBook> entries;

  HazelcastConversionStore(IMap<String, ConversionBook> map, Futures futures) {
    this.entries = new EntryCalls<>(map, futures);
  }

  record MergeConversions(ConversionDelta delta, long now)
      implements EntryProcessor<String, ConversionBook, HashMap<String, ConversionEvidence>> {
    @Override
    public HashMap<String, ConversionEvidence> process(Map.Entry<String, ConversionBook> entry) {
      ConversionBook book = entry.getValue() == null ? new ConversionBook() : entry.getValue();
      book.merge(delta, now);
      HashMap<String, ConversionEvidence> evidence = new HashMap<>(book.evidence(now));
      entry.setValue(book);
      return evidence;
    }
  }

  @Override
  public Future<Map<String, ConversionEvidence>> addAndRead(ConversionDelta delta, long now) {
    return entries
        .submit(KEY, new MergeConversions(delta, now))
        .map(evidence -> evidence == null ? Map.of() : Map.copyOf(evidence));
  }
}
