package dev.otpgateway.ledger;

import dev.otpgateway.errors.GatewayException;
import dev.otpgateway.errors.GatewayException.Kind;
import dev.otpgateway.events.Event;
import dev.otpgateway.events.EventSink;
import dev.otpgateway.events.EventStream;
import dev.otpgateway.events.EventType;
import dev.otpgateway.json.Money;
import dev.otpgateway.metrics.Metrics;
import dev.otpgateway.tenancy.Tenant;
import dev.otpgateway.tenancy.TenantBudget;
import dev.otpgateway.tenancy.TenantService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tenants' monthly budgets (DESIGN §4). The spend is the ledger's: every {@code sent} event (and
 * every paid SIM-swap look-up), once durable, adds its price here. This member adds up locally and
 * hands its additions to the cluster every half second, which answers the month's total and the
 * thresholds the addition crossed; a crossing becomes one {@code budget_threshold} event (its id
 * names tenant, month and threshold, so it is recorded once), which the ledger keeps and the
 * tenant's status callback hears of. A start past 100% of a blocking budget answers 402; the total
 * it compares may be half a second behind the cluster's, so a burst can overshoot the budget by
 * what it sends in that time.
 */
public final class Budgets implements EventSink {
  private static final Logger LOG = Logger.getLogger(Budgets.class.getName());
  private static final long FLUSH_EVERY_MS = 500;

  private final Vertx vertx;
  private final SpendStore spend;
  private final TenantService tenants;
  private final Metrics metrics;
  private final Clock clock;

  /** This member's spend not yet handed to the cluster, by {@code tenant|month}. */
  private final Map<String, BigDecimal> pending = new ConcurrentHashMap<>();

  /** The cluster's totals as last heard, by {@code tenant|month}. */
  private final Map<String, BigDecimal> totals = new ConcurrentHashMap<>();

  private volatile EventStream stream;
  private long timer = -1;

  public Budgets(
      Vertx vertx, SpendStore spend, TenantService tenants, Metrics metrics, Clock clock) {
    this.vertx = vertx;
    this.spend = spend;
    this.tenants = tenants;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Where threshold events go: the stream this consumes, made after it. */
  public void publishTo(EventStream stream) {
    this.stream = stream;
  }

  /**
   * Seeds this month's spend of every tenant with a budget from the ledger (kept only where the
   * cluster has none yet: the first member to start speaks for the ledger), then starts adding up.
   */
  public Future<Void> start(LedgerStore ledger) {
    String month = monthOf(clock.millis());
    return tenants
        .list()
        .compose(
            all -> {
              List<Tenant> budgeted = all.stream().filter(t -> t.budget() != null).toList();
              if (budgeted.isEmpty()) {
                return Future.succeededFuture(Map.<String, BigDecimal>of());
              }
              LocalDate first = YearMonth.parse(month).atDay(1);
              return vertx
                  .executeBlocking(
                      () -> {
                        CostReport r =
                            ledger.report(
                                new ReportQuery(
                                    first,
                                    first.plusMonths(1).minusDays(1),
                                    List.of(ReportQuery.Dimension.TENANT),
                                    null));
                        Map<String, BigDecimal> byTenant = new ConcurrentHashMap<>();
                        for (CostReport.Row row : r.rows()) {
                          byTenant.put(row.keys().get(ReportQuery.Dimension.TENANT), row.costUsd());
                        }
                        return byTenant;
                      },
                      false)
                  .compose(
                      recorded -> {
                        List<Future<Void>> seeds = new ArrayList<>();
                        for (Tenant t : budgeted) {
                          seeds.add(
                              spend.seed(
                                  t.id(),
                                  month,
                                  recorded.getOrDefault(t.id(), BigDecimal.ZERO),
                                  thresholds(t.budget())));
                        }
                        return Future.all(seeds).<Map<String, BigDecimal>>map(x -> recorded);
                      });
            })
        .onSuccess(x -> timer = vertx.setPeriodic(FLUSH_EVERY_MS, id -> flush()))
        .mapEmpty();
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    flush();
  }

  @Override
  public void accept(List<Event> events) {
    for (Event e : events) {
      boolean paid = e.type() == EventType.SENT || e.type() == EventType.SIM_SWAP_CHECKED;
      if (paid && e.priceUsd() != null && e.priceUsd().signum() > 0) {
        pending.merge(key(e.tenant(), monthOf(e.at())), e.priceUsd(), BigDecimal::add);
      }
    }
  }

  /**
   * Refuses a start with 402 {@code budget_exhausted} when the tenant's budget blocks and this
   * month's spend has reached it.
   */
  public Future<Void> admit(Tenant tenant) {
    TenantBudget budget = tenant.budget();
    if (budget == null || budget.action() != TenantBudget.Action.BLOCK) {
      return Future.succeededFuture();
    }
    String month = monthOf(clock.millis());
    String key = key(tenant.id(), month);
    BigDecimal known = totals.get(key);
    Future<BigDecimal> total =
        known != null
            ? Future.succeededFuture(known)
            : spend
                .add(tenant.id(), month, BigDecimal.ZERO, List.of())
                .map(
                    s -> {
                      totals.put(key, s.totalUsd());
                      return s.totalUsd();
                    });
    return total.compose(
        t -> {
          BigDecimal spent = t.add(pending.getOrDefault(key, BigDecimal.ZERO));
          if (spent.compareTo(budget.monthlyUsd()) < 0) {
            return Future.succeededFuture();
          }
          return Future.failedFuture(
              GatewayException.of(
                  Kind.PAYMENT_REQUIRED,
                  "budget_exhausted",
                  "tenant '"
                      + tenant.id()
                      + "' has spent its monthly budget of "
                      + Money.text(budget.monthlyUsd())
                      + " USD; checks of codes already sent still work"));
        });
  }

  /** Hands this member's additions to the cluster and announces thresholds crossed. */
  void flush() {
    String current = monthOf(clock.millis());
    List<String> due = new ArrayList<>(pending.keySet());
    for (String key : totals.keySet()) {
      // Totals of months gone by are not asked for again; this month's are kept fresh.
      if (key.endsWith("|" + current)) {
        due.add(key);
      } else if (!pending.containsKey(key)) {
        totals.remove(key);
      }
    }
    for (String key : due.stream().distinct().toList()) {
      int bar = key.lastIndexOf('|');
      String tenantId = key.substring(0, bar);
      String month = key.substring(bar + 1);
      BigDecimal delta = pending.remove(key);
      BigDecimal add = delta == null ? BigDecimal.ZERO : delta;
      tenants
          .get(tenantId)
          .compose(
              tenant ->
                  spend
                      .add(tenantId, month, add, thresholds(tenant.budget()))
                      .onSuccess(s -> counted(tenant, month, s)))
          .onFailure(
              e -> {
                if (add.signum() > 0) {
                  pending.merge(key, add, BigDecimal::add);
                }
                LOG.log(Level.FINE, "spend of tenant " + tenantId + " not shared yet", e);
              });
    }
  }

  private void counted(Tenant tenant, String month, SpendStore.Spend s) {
    totals.put(key(tenant.id(), month), s.totalUsd());
    TenantBudget budget = tenant.budget();
    if (budget == null) {
      return;
    }
    BigDecimal ratio = s.totalUsd().divide(budget.monthlyUsd(), 6, RoundingMode.HALF_EVEN);
    metrics.budgetUsed(tenant.id(), ratio.doubleValue());
    List<Event> crossed = new ArrayList<>();
    for (BigDecimal amount : s.crossed()) {
      BigDecimal share = shareOf(budget, amount);
      crossed.add(
          Event.builder(
                  "budget:" + tenant.id() + ":" + month + ":" + share.toPlainString(),
                  EventType.BUDGET_THRESHOLD,
                  clock.millis(),
                  tenant.id())
              .outcome(share.toPlainString())
              .detail("month", month)
              .detail("threshold", share.toPlainString())
              .detail("spent_usd", Money.text(s.totalUsd()))
              .detail("budget_usd", Money.text(budget.monthlyUsd()))
              .detail("used_ratio", ratio.stripTrailingZeros().toPlainString())
              .detail("action", budget.action().name().toLowerCase(java.util.Locale.ROOT))
              .build());
    }
    if (!crossed.isEmpty() && stream != null) {
      stream.publish(crossed);
    }
  }

  /** The share of the budget a threshold amount stands for. */
  private static BigDecimal shareOf(TenantBudget budget, BigDecimal amount) {
    for (BigDecimal share : budget.alertAt()) {
      if (share.multiply(budget.monthlyUsd()).compareTo(amount) == 0) {
        return share.stripTrailingZeros();
      }
    }
    return amount.divide(budget.monthlyUsd(), 4, RoundingMode.HALF_EVEN);
  }

  private static List<BigDecimal> thresholds(TenantBudget budget) {
    if (budget == null) {
      return List.of();
    }
    List<BigDecimal> amounts = new ArrayList<>();
    for (BigDecimal share : budget.alertAt()) {
      amounts.add(share.multiply(budget.monthlyUsd()));
    }
    return amounts;
  }

  private static String key(String tenant, String month) {
    return tenant + '|' + month;
  }

  private static String monthOf(long epochMillis) {
    return YearMonth.from(java.time.Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC))
        .toString();
  }
}
