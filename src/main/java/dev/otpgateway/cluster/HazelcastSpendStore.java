package dev.otpgateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.otpgateway.concurrent.Futures;
import dev.otpgateway.ledger.SpendStore;
import io.vertx.core.Future;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tenants' monthly spend, one entry per {@code tenant|month}, changed only by an entry processor:
 * two members adding at once both count, and only one of them crosses a threshold.
 */
final class HazelcastSpendStore implements SpendStore {
  private final EntryCalls<String, SpendState> entries;

  HazelcastSpendStore(IMap<String, SpendState> map, Futures futures) {
    this.entries = new EntryCalls<>(map, futures);
  }

  /** The month's total and the thresholds (as plain decimal text) crossed so far. */
  record SpendState(BigDecimal total, TreeSet<String> crossed) implements Serializable {}

  record AddSpend(BigDecimal usd, List<BigDecimal> thresholds)
      implements EntryProcessor<String, SpendState, Spend> {
    @Override
    public Spend process(Map.Entry<String, SpendState> entry) {
      SpendState state =
          entry.getValue() == null
              ? new SpendState(BigDecimal.ZERO, new TreeSet<>())
              : entry.getValue();
      BigDecimal total = state.total().add(usd);
      TreeSet<String> crossed = new TreeSet<>(state.crossed());
      List<BigDecimal> now = new ArrayList<>();
      for (BigDecimal t : thresholds) {
        if (total.compareTo(t) >= 0 && crossed.add(t.stripTrailingZeros().toPlainString())) {
          now.add(t);
        }
      }
      entry.setValue(new SpendState(total, crossed));
      return new Spend(total, now);
    }
  }

  @Override
  public Future<Spend> add(
      String tenant, String month, BigDecimal usd, List<BigDecimal> thresholds) {
    return entries.submit(tenant + '|' + month, new AddSpend(usd, List.copyOf(thresholds)));
  }

  @Override
  public Future<Void> seed(
      String tenant, String month, BigDecimal usd, List<BigDecimal> thresholds) {
    // Thresholds the recorded spend is past were crossed before: they are not announced again.
    TreeSet<String> crossed = new TreeSet<>();
    for (BigDecimal t : thresholds) {
      if (usd.compareTo(t) >= 0) {
        crossed.add(t.stripTrailingZeros().toPlainString());
      }
    }
    return entries.submit(tenant + '|' + month, new SeedSpend(usd, crossed)).mapEmpty();
  }

  /** Sets the spend only where none is kept. */
  record SeedSpend(BigDecimal usd, TreeSet<String> crossed)
      implements EntryProcessor<String, SpendState, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, SpendState> entry) {
      if (entry.getValue() != null) {
        return false;
      }
      entry.setValue(new SpendState(usd, crossed));
      return true;
    }
  }
}
