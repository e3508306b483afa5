package dev.otpgateway.cluster;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.Operation;
import com.hazelcast.spi.impl.operationservice.OperationService;
import dev.otpgateway.concurrent.Futures;
import io.vertx.core.Future;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls on a map's entries whose answer goes from the thread that received it straight to the
 * caller's context. IMap's async calls return a future that completes on Hazelcast's async executor
 * (to deserialize the answer), so every call also woke a thread of that pool, whatever the caller
 * then did with the answer.
 *
 * <p>These make the calls IMap's make, without that future: {@code executeOnKeyInternal} for {@link
 * IMap#submitToKey} (the same operation on the same partition, with the map's fail-on-indeterminate
 * setting; submitToKey also injects the Hazelcast instance into a processor that asks for it, which
 * none of ours does); {@code setAsyncInternal} and {@code getAsyncInternal} for {@link
 * IMap#setAsync} and {@link IMap#getAsync} (protected, so called through method handles); and, for
 * a processor over many keys, the map's own multiple-entry operation sent to each partition ({@link
 * #submitByPartition}). The answer, a {@code byte[]}, a small value or none, is deserialized on the
 * caller's context. These are internal Hazelcast methods, like the one {@link ClusterState} sets
 * the async executor with; {@code EntryCallsIT} fails if an upgrade changes them.
 */
final class EntryCalls<K, V> {
  /** What IMap passes for "the map's own" time-to-live or maximum idle time. */
  private static final long MAP_DEFAULT = -1;

  private static final MethodHandle SET_ASYNC_INTERNAL;
  private static final MethodHandle GET_ASYNC_INTERNAL;

  static {
    try {
      MethodHandles.Lookup inside =
          MethodHandles.privateLookupIn(MapProxyImpl.class, MethodHandles.lookup());
      SET_ASYNC_INTERNAL =
          inside.findVirtual(
              MapProxyImpl.class,
              "setAsyncInternal",
              MethodType.methodType(
                  InternalCompletableFuture.class,
                  Object.class,
                  Data.class,
                  long.class,
                  TimeUnit.class,
                  long.class,
                  TimeUnit.class));
      GET_ASYNC_INTERNAL =
          inside.findVirtual(
              MapProxyImpl.class,
              "getAsyncInternal",
              MethodType.methodType(InternalCompletableFuture.class, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final MapProxyImpl<K, V> map;
  private final SerializationService serialization;
  private final IPartitionService partitions;
  private final OperationService operations;
  private final Futures futures;

  EntryCalls(IMap<K, V> map, Futures futures) {
    this.map = (MapProxyImpl<K, V>) map;
    NodeEngine node = this.map.getNodeEngine();
    this.serialization = node.getSerializationService();
    this.partitions = node.getPartitionService();
    this.operations = node.getOperationService();
    this.futures = futures;
  }

  /** Runs {@code processor} on {@code key}'s entry on the member that owns it; null for null. */
  <R> Future<R> submit(K key, EntryProcessor<K, V, R> processor) {
    return futures
        .call(() -> map.executeOnKeyInternal(key, processor))
        .map(serialization::toObject);
  }

  /**
   * Runs a processor on the entries of {@code keys}, one operation on each partition that holds
   * some of them, each with the processor {@code processorOf} makes for that partition's keys.
   * Their answers are dropped: this is for processors that answer nothing. (IMap#submitToKeys sends
   * one processor for all of them, which each partition's backup would carry whole, and reaches the
   * partitions through a generic operation thread.)
   */
  Future<Void> submitByPartition(
      Collection<K> keys, Function<List<K>, EntryProcessor<K, V, ?>> processorOf) {
    return futures.call(() -> invokeByPartition(keys, processorOf)).mapEmpty();
  }

  /** Completes when every partition's operation has (on the thread that completes the last). */
  private CompletableFuture<Void> invokeByPartition(
      Collection<K> keys, Function<List<K>, EntryProcessor<K, V, ?>> processorOf) {
    Map<Integer, List<K>> keysOf = new HashMap<>();
    Map<Integer, Set<Data>> formsOf = new HashMap<>();
    for (K key : keys) {
      Data form = serialization.toData(key);
      int partition = partitions.getPartitionId(form);
      keysOf.computeIfAbsent(partition, p -> new ArrayList<>()).add(key);
      formsOf.computeIfAbsent(partition, p -> new HashSet<>()).add(form);
    }
    CompletableFuture<?>[] calls = new CompletableFuture<?>[keysOf.size()];
    int i = 0;
    for (Map.Entry<Integer, List<K>> inPartition : keysOf.entrySet()) {
      int partition = inPartition.getKey();
      Operation operation =
          map.getOperationProvider()
              .createMultipleEntryOperationFactory(
                  map.getName(), formsOf.get(partition), processorOf.apply(inPartition.getValue()))
              .createOperation();
      calls[i++] = operations.invokeOnPartition(map.getServiceName(), operation, partition);
    }
    return CompletableFuture.allOf(calls);
  }

  /** Sets {@code key}'s value, with the map's time-to-live. */
  Future<Void> set(K key, V value) {
    return set(key, value, MAP_DEFAULT);
  }

  /** Sets {@code key}'s value, kept for {@code ttlMillis} ({@link #MAP_DEFAULT}: the map's). */
  Future<Void> set(K key, V value, long ttlMillis) {
    return futures.call(() -> setAsyncInternal(key, value, ttlMillis)).mapEmpty();
  }

  /** {@code key}'s value, or null. */
  Future<V> get(K key) {
    return futures.call(() -> getAsyncInternal(key)).map(serialization::toObject);
  }

  @SuppressWarnings("unchecked")
  private InternalCompletableFuture<Object> setAsyncInternal(K key, V value, long ttlMillis) {
    try {
      return (InternalCompletableFuture<Object>)
          SET_ASYNC_INTERNAL.invoke(
              map,
              key,
              serialization.toData(value),
              ttlMillis,
              TimeUnit.MILLISECONDS,
              MAP_DEFAULT,
              TimeUnit.MILLISECONDS);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // a method handle declares that it may throw anything
      throw new UndeclaredThrowableException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private InternalCompletableFuture<Object> getAsyncInternal(K key) {
    try {
      return (InternalCompletableFuture<Object>) GET_ASYNC_INTERNAL.invoke(map, key);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // a method handle declares that it may throw anything
      throw new UndeclaredThrowableException(e);
    }
  }
}
