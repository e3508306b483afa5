package dev.otpgateway.cluster;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import dev.otpgateway.concurrent.Futures;
import io.vertx.core.Future;

/**
 * Entry processors on a map whose answer goes from the thread that ran them straight to the
 * caller's context. {@link IMap#submitToKey} returns a future that deserializes the answer on
 * Hazelcast's async executor, so every call also woke a thread of that pool, whatever the caller
 * then did with the answer (four of a start's five calls to Hazelcast). This makes the call that
 * submitToKey makes ({@code MapProxySupport.executeOnKeyInternal}: the same operation on the same
 * partition, with the map's fail-on-indeterminate setting; submitToKey also injects the Hazelcast
 * instance into a processor that asks for it, which none of ours does) and deserializes the answer,
 * a {@code byte[]} or a small value, on the caller's context. It is an internal Hazelcast method,
 * like the one {@link ClusterState} sets the async executor with; {@code EntryCallsIT} fails if an
 * upgrade changes it.
 */
final class EntryCalls<K, V> {
  private final MapProxyImpl<K, V> map;
  private final SerializationService serialization;
  private final Futures futures;

  EntryCalls(IMap<K, V> map, Futures futures) {
    this.map = (MapProxyImpl<K, V>) map;
    this.serialization = this.map.getNodeEngine().getSerializationService();
    this.futures = futures;
  }

  /** Runs {@code processor} on {@code key}'s entry on the member that owns it; null for null. */
  <R> Future<R> submit(K key, EntryProcessor<K, V, R> processor) {
    return futures.of(map.executeOnKeyInternal(key, processor)).map(serialization::toObject);
  }
}
