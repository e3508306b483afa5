package dev.otpgateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import dev.otpgateway.concurrent.Futures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * For {@code RelayGateway} ({@code bench/load --relay-hazelcast}): a start's four entry operations
 * and nothing more, on a standalone member set up as the gateway sets up its own, through the
 * gateway's own {@link EntryCalls}. Each writes or drops a record of a verification's size; none
 * decides anything. So the relay with them measures what a start's hand-offs to Hazelcast's
 * partition thread, and back to the event loop, cost on their own.
 */
public final class RelayState {
  /** About a verification record's size in its stored form (docs/benchmarks.md, Memory). */
  private static final int RECORD_BYTES = 330;

  private final EntryCalls<String, byte[]> records;

  public RelayState(Vertx vertx, int port) {
    Config config = HazelcastSetup.config(ClusterOptions.standalone(port));
    // A record whose receipt names no reference (RBM's, for a reference too long to travel in its
    // message id) is never dropped; it goes after a minute, as no run keeps a record longer.
    config.addMapConfig(new MapConfig("relay").setTimeToLiveSeconds(60));
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
    // The member lives as long as the relay's process, which bench/load stops by its pid.
    this.records = new EntryCalls<>(hazelcast.getMap("relay"), new Futures(vertx));
  }

  /** Writes the record: what reserving the number, creating and recording the send each do. */
  public Future<Void> write(String key) {
    return records.submit(key, new Write()).mapEmpty();
  }

  /** Drops the record: a receipt's operation, which also keeps the map from filling the heap. */
  public Future<Void> drop(String key) {
    return records.submit(key, new Drop()).mapEmpty();
  }

  private static final class Write implements EntryProcessor<String, byte[], Object> {
    @Override
    public Object process(Map.Entry<String, byte[]> entry) {
      entry.setValue(new byte[RECORD_BYTES]);
      return null;
    }
  }

  private static final class Drop implements EntryProcessor<String, byte[], Object> {
    @Override
    public Object process(Map.Entry<String, byte[]> entry) {
      entry.setValue(null);
      return null;
    }
  }
}
