package dev.otpgateway.scenario;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A sitting's report as plain-text tables for a terminal. */
public final class ReportTable {
  private ReportTable() {}

  public static String render(SittingReport sitting) {
    StringBuilder out = new StringBuilder(4096);
    out.append("scenario ")
        .append(sitting.scenario())
        .append(" (")
        .append(sitting.file())
        .append("), seed ")
        .append(sitting.seed())
        .append('\n');
    if (!sitting.description().isBlank()) {
      out.append(sitting.description().strip()).append('\n');
    }
    out.append('\n');
    List<RunReport> runs = sitting.runs();
    List<String[]> rows = new ArrayList<>();
    String[] header = new String[runs.size() + 1];
    header[0] = "";
    for (int i = 0; i < runs.size(); i++) {
      header[i + 1] = runs.get(i).label();
    }
    rows.add(header);
    row(rows, runs, "verifications", r -> Long.toString(r.verifications()));
    row(rows, runs, "refused / errors", r -> refusedTotal(r) + " / " + r.errors());
    row(rows, runs, "messages (ledger)", r -> Long.toString(r.messages()));
    row(rows, runs, "resends asked", r -> Long.toString(r.resends()));
    row(rows, runs, "cost USD (ledger)", r -> r.costUsd().toPlainString());
    row(rows, runs, "Twilio-only baseline USD", r -> r.baselineUsd().toPlainString());
    row(rows, runs, "saving", r -> r.savingPct().toPlainString() + "%");
    row(rows, runs, "delivered, by receipt", r -> pct(r.deliveredByReceiptPct()));
    row(rows, runs, "delivered, on the handset", r -> pct(r.deliveredOnHandsetPct()));
    row(rows, runs, "approved", r -> pct(r.approvedPct()));
    row(
        rows,
        runs,
        "time to code p50 / p99",
        r ->
            String.format(
                Locale.ROOT,
                "%.1f s / %.1f s",
                r.timeToCodeP50Seconds(),
                r.timeToCodeP99Seconds()));
    row(
        rows,
        runs,
        "carbon g (per verification)",
        r ->
            String.format(
                Locale.ROOT, "%.1f (%.3f)", r.carbonGrams(), r.carbonGramsPerVerification()));
    row(
        rows,
        runs,
        "ledger = attempts' prices",
        r ->
            r.costUsd().compareTo(r.attemptsCostUsd()) == 0 ? "yes" : "NO: " + r.attemptsCostUsd());
    table(rows, out);
    for (RunReport r : runs) {
      out.append('\n').append("== ").append(r.label()).append(' ').append(r.gateway()).append('\n');
      shares(r, out);
      countries(r, out);
      for (RunReport.WatchResult w : r.watches()) {
        watch(w, out);
      }
      if (!r.attacks().isEmpty()) {
        attacks(r, out);
      }
      if (!r.timeline().isEmpty()) {
        out.append("timeline\n");
        r.timeline().forEach(line -> out.append("  ").append(line).append('\n'));
      }
    }
    return out.toString();
  }

  private interface Cell {
    String of(RunReport r);
  }

  private static void row(List<String[]> rows, List<RunReport> runs, String name, Cell cell) {
    String[] row = new String[runs.size() + 1];
    row[0] = name;
    for (int i = 0; i < runs.size(); i++) {
      row[i + 1] = cell.of(runs.get(i));
    }
    rows.add(row);
  }

  private static long refusedTotal(RunReport r) {
    return r.refused().values().stream().mapToLong(Long::longValue).sum();
  }

  private static void shares(RunReport r, StringBuilder out) {
    out.append("provider share of messages over time\n");
    List<String> providers = new ArrayList<>();
    r.providers().forEach(providers::add);
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("from s", "to s", "messages"));
    header.addAll(providers);
    rows.add(header.toArray(String[]::new));
    for (RunReport.Slice s : r.providerShareOverTime()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  String.format(Locale.ROOT, "%.0f", s.fromSeconds()),
                  String.format(Locale.ROOT, "%.0f", s.toSeconds()),
                  Long.toString(s.messages())));
      for (String p : providers) {
        Double share = s.sharePct().get(p);
        row.add(share == null ? "-" : pct(share));
      }
      rows.add(row.toArray(String[]::new));
    }
    table(rows, out);
  }

  private static void countries(RunReport r, StringBuilder out) {
    out.append("by country\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"country", "verifications", "on handset", "approved", "messages"});
    for (RunReport.CountryRow c : r.byCountry()) {
      rows.add(
          new String[] {
            c.country(),
            Long.toString(c.verifications()),
            pct(c.onHandsetPct()),
            pct(c.approvedPct()),
            c.messagesByProvider().toString()
          });
    }
    table(rows, out);
  }

  private static void watch(RunReport.WatchResult w, StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "%s's share of messages to %s, by %d verifications: %s%n",
            w.provider(),
            w.country(),
            w.block(),
            w.firstBelow10Pct() == 0
                ? "never below 10% for a whole block"
                : "below 10% from verification " + (w.firstBelow10Pct() - w.block() + 1)));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"verifications", "messages", w.provider()});
    for (RunReport.Block b : w.blocks()) {
      rows.add(
          new String[] {b.from() + "-" + b.to(), Long.toString(b.messages()), pct(b.sharePct())});
    }
    table(rows, out);
    out.append("  approved in ").append(w.country()).append(": ").append(pct(w.approvedPct()));
    out.append('\n');
  }

  private static void attacks(RunReport r, StringBuilder out) {
    out.append("attack and legitimate traffic apart\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "traffic",
          "starts",
          "refused",
          "verifications",
          "messages",
          "cost USD",
          "blocked",
          "blocked after " + RunReport.GUARD_LEARNS
        });
    for (Map.Entry<String, RunReport.AttackResult> e : r.attacks().entrySet()) {
      RunReport.AttackResult a = e.getValue();
      rows.add(
          new String[] {
            e.getKey(),
            Long.toString(a.started()),
            a.refused().isEmpty() ? "0" : a.refused().toString(),
            Long.toString(a.verifications()),
            Long.toString(a.messages()),
            a.costUsd().toPlainString(),
            pct(a.blockedPct()),
            e.getKey().equals("legitimate") || a.startedAfterFirst() == 0
                ? "-"
                : pct(a.blockedAfterFirstPct())
          });
    }
    table(rows, out);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", v);
  }

  static void table(List<String[]> rows, StringBuilder out) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("  ");
      for (int i = 0; i < row.length; i++) {
        String cell = row[i];
        boolean number = i > 0;
        String pad = " ".repeat(width[i] - cell.length());
        line.append(number ? pad + cell : cell + pad);
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  static String money(BigDecimal d) {
    return d.toPlainString();
  }
}
