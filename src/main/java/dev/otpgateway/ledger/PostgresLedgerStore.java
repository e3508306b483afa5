package dev.otpgateway.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster's ledger store: every member writes its own chain into one PostgreSQL database, in a
 * table partitioned by month. The store creates its schema itself through numbered migrations
 * ({@code ledger/postgres/V<n>__*.sql}, applied once each, under an advisory lock so members that
 * start together don't race), and each month's partition before the first entry that needs it. One
 * writer per chain is held by a session-level advisory lock on the writer's name.
 */
public final class PostgresLedgerStore implements LedgerStore {
  private static final List<String> MIGRATIONS = List.of("V1__ledger.sql");
  private static final long MIGRATION_LOCK = 0x6f7470676c646772L; // "otpgldgr"
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DUPLICATE_TABLE = "42P07";

  private static final String COLUMNS =
      "writer, seq, time, kind, event_id, hash, prev_hash, tenant, verification, number_hash,"
          + " number_masked, country, region, channel, provider, attempt, segments, price_usd,"
          + " baseline_usd, carbon_g, rules_version, outcome, text";

  private final String jdbcUrl;
  private final Properties credentials;
  private final Set<YearMonth> partitions = new HashSet<>();
  private Connection writerConnection;
  private Connection readerConnection;
  private String writer;

  /**
   * @param url {@code postgresql://user:password@host:port/database} (as {@code
   *     OTPGW_LEDGER_POSTGRES_URL} gives it), or a {@code jdbc:postgresql:} URL
   */
  public PostgresLedgerStore(String url) {
    this.credentials = new Properties();
    this.jdbcUrl = jdbcUrl(url, credentials);
    try (Connection c = connect()) {
      migrate(c);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the ledger database at " + redacted(url) + " cannot be prepared: " + e.getMessage(), e);
    }
  }

  /**
   * Turns a {@code postgresql://} URL into a JDBC URL, moving its credentials into {@code props}.
   */
  static String jdbcUrl(String url, Properties props) {
    if (url.startsWith("jdbc:postgresql:")) {
      return url;
    }
    try {
      URI uri = new URI(url);
      if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
        throw new IllegalArgumentException(
            "the ledger's PostgreSQL URL must start with postgresql://, but was " + redacted(url));
      }
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        props.setProperty("user", decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
        if (colon >= 0) {
          props.setProperty("password", decode(userInfo.substring(colon + 1)));
        }
      }
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      return "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the ledger's PostgreSQL URL is malformed: " + redacted(url));
    }
  }

  /** A URL fit for a log line: its password replaced. */
  static String redacted(String url) {
    return url.replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private Connection connect() throws SQLException {
    Properties props = new Properties();
    props.putAll(credentials);
    // One round trip for a whole batch of inserts.
    props.setProperty("reWriteBatchedInserts", "true");
    props.setProperty("ApplicationName", "otp-gateway ledger");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  private static void migrate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      try {
        s.execute(
            "CREATE TABLE IF NOT EXISTS ledger_migrations (version text PRIMARY KEY,"
                + " applied_at timestamptz NOT NULL DEFAULT now())");
        Set<String> applied = new HashSet<>();
        try (ResultSet r = s.executeQuery("SELECT version FROM ledger_migrations")) {
          while (r.next()) {
            applied.add(r.getString(1));
          }
        }
        for (String migration : MIGRATIONS) {
          if (applied.contains(migration)) {
            continue;
          }
          c.setAutoCommit(false);
          try (Statement m = c.createStatement()) {
            m.execute(resource("/ledger/postgres/" + migration));
            try (PreparedStatement done =
                c.prepareStatement("INSERT INTO ledger_migrations (version) VALUES (?)")) {
              done.setString(1, migration);
              done.executeUpdate();
            }
            c.commit();
          } catch (SQLException e) {
            c.rollback();
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        }
      } finally {
        s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
      }
    }
  }

  private static String resource(String name) {
    try (InputStream in = PostgresLedgerStore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the migration " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String kind() {
    return "postgres";
  }

  @Override
  public ChainHead open(String writer) {
    this.writer = writer;
    try {
      writerConnection = connect();
      try (PreparedStatement lock =
          writerConnection.prepareStatement(
              "SELECT pg_try_advisory_lock(hashtext(current_schema() || ' ' || ?))")) {
        lock.setString(1, "otp-gateway ledger writer " + writer);
        try (ResultSet r = lock.executeQuery()) {
          r.next();
          if (!r.getBoolean(1)) {
            throw new IllegalStateException(
                "the ledger chain of " + writer + " is being written by another process");
          }
        }
      }
      YearMonth now = YearMonth.now(ZoneOffset.UTC);
      ensurePartition(now);
      ensurePartition(now.plusMonths(1));
      try (PreparedStatement last =
          writerConnection.prepareStatement(
              "SELECT seq, hash FROM ledger_entries WHERE writer = ? ORDER BY seq DESC LIMIT 1")) {
        last.setString(1, writer);
        try (ResultSet r = last.executeQuery()) {
          return r.next()
              ? new ChainHead(r.getLong(1), r.getString(2))
              : new ChainHead(0, LedgerEntry.GENESIS);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the ledger chain of " + writer, e);
    }
  }

  private void ensurePartition(YearMonth month) throws SQLException {
    if (partitions.contains(month)) {
      return;
    }
    String name = String.format("ledger_entries_%04d_%02d", month.getYear(), month.getMonthValue());
    String sql =
        "CREATE TABLE IF NOT EXISTS "
            + name
            + " PARTITION OF ledger_entries FOR VALUES FROM ('"
            + month.atDay(1)
            + " 00:00:00+00') TO ('"
            + month.plusMonths(1).atDay(1)
            + " 00:00:00+00')";
    try (Statement s = writerConnection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      // Two members creating the same month at once: the other one won, which is as good.
      if (!DUPLICATE_TABLE.equals(e.getSQLState())) {
        throw e;
      }
    }
    partitions.add(month);
  }

  @Override
  public Set<String> recordedElsewhere(String writer, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    try (PreparedStatement q =
        writerConnection.prepareStatement(
            "SELECT event_id FROM ledger_entries WHERE event_id = ANY (?) AND writer <> ?")) {
      Array ids = writerConnection.createArrayOf("text", eventIds.toArray());
      q.setArray(1, ids);
      q.setString(2, writer);
      Set<String> found = new HashSet<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          found.add(r.getString(1));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
    }
  }

  @Override
  public void append(List<LedgerEntry> entries) {
    try {
      for (LedgerEntry e : entries) {
        ensurePartition(
            YearMonth.from(java.time.Instant.ofEpochMilli(e.time()).atZone(ZoneOffset.UTC)));
      }
      writerConnection.setAutoCommit(false);
      try (PreparedStatement insert =
          writerConnection.prepareStatement(
              "INSERT INTO ledger_entries ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (LedgerEntry e : entries) {
          bind(insert, e);
          insert.addBatch();
        }
        insert.executeBatch();
        writerConnection.commit();
      } catch (SQLException e) {
        writerConnection.rollback();
        if (UNIQUE_VIOLATION.equals(rootState(e))) {
          throw new DuplicateEventException(e);
        }
        throw e;
      } finally {
        writerConnection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot append to the ledger: " + e.getMessage(), e);
    }
  }

  /** A batch's failure wraps the statement's own, which holds the SQL state. */
  private static String rootState(SQLException e) {
    SQLException next = e.getNextException();
    return e.getSQLState() != null && !e.getSQLState().isEmpty() || next == null
        ? e.getSQLState()
        : next.getSQLState();
  }

  private static void bind(PreparedStatement s, LedgerEntry e) throws SQLException {
    Map<String, Object> b = e.body();
    s.setString(1, e.writer());
    s.setLong(2, e.seq());
    s.setTimestamp(3, new Timestamp(e.time()));
    s.setString(4, e.kind());
    s.setString(5, e.eventId());
    s.setString(6, e.hash());
    s.setString(7, e.prevHash());
    s.setString(8, (String) b.get("tenant"));
    s.setString(9, (String) b.get("verification"));
    s.setString(10, (String) b.get("number_hash"));
    s.setString(11, (String) b.get("number_masked"));
    s.setString(12, (String) b.get("country"));
    s.setString(13, (String) b.get("region"));
    s.setString(14, (String) b.get("channel"));
    s.setString(15, (String) b.get("provider"));
    setInteger(s, 16, b.get("attempt"));
    setInteger(s, 17, b.get("segments"));
    setDecimal(s, 18, b.get("price_usd"));
    setDecimal(s, 19, b.get("baseline_usd"));
    setDecimal(s, 20, b.get("carbon_g"));
    s.setString(21, (String) b.get("rules_version"));
    s.setString(22, (String) b.get("outcome"));
    s.setString(23, e.text());
  }

  private static void setInteger(PreparedStatement s, int i, Object value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setInt(i, ((Number) value).intValue());
    }
  }

  private static void setDecimal(PreparedStatement s, int i, Object value) throws SQLException {
    if (value == null) {
      s.setNull(i, Types.NUMERIC);
    } else {
      s.setBigDecimal(i, new BigDecimal(value.toString()));
    }
  }

  @Override
  public void head(LedgerEntry checkpoint) {
    try (PreparedStatement s =
        writerConnection.prepareStatement(
            "INSERT INTO ledger_heads (writer, seq, text) VALUES (?, ?, ?) ON CONFLICT (writer)"
                + " DO UPDATE SET seq = excluded.seq, text = excluded.text")) {
      s.setString(1, checkpoint.writer());
      s.setLong(2, checkpoint.seq());
      s.setString(3, checkpoint.text());
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the ledger head: " + e.getMessage(), e);
    }
  }

  @Override
  public void sync() {
    // A committed transaction is already on disk.
  }

  @Override
  public List<String> writers() {
    return query(
        "SELECT DISTINCT writer FROM ledger_entries ORDER BY writer", s -> {}, r -> r.getString(1));
  }

  @Override
  public void scan(String writer, Visitor visitor) {
    try (Connection c = connect()) {
      c.setAutoCommit(false); // lets the driver stream rows with a cursor
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT row_id, "
                  + COLUMNS
                  + " FROM ledger_entries WHERE writer = ? ORDER BY row_id")) {
        s.setFetchSize(1_000);
        s.setString(1, writer);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            if (!visitor.visit(
                new Stored("row " + r.getLong("row_id"), r.getString("text"), false, columns(r)))) {
              return;
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
    }
  }

  /** The columns kept beside an entry's text, by the names its fields have in the text. */
  private static Map<String, Object> columns(ResultSet r) throws SQLException {
    Map<String, Object> c = new TreeMap<>();
    c.put("seq", r.getLong("seq"));
    c.put("time", r.getTimestamp("time").toInstant());
    c.put("event", r.getString("kind"));
    c.put("event_id", r.getString("event_id"));
    c.put("hash", r.getString("hash"));
    c.put("prev_hash", r.getString("prev_hash"));
    for (String name :
        List.of(
            "tenant",
            "verification",
            "number_hash",
            "number_masked",
            "country",
            "region",
            "channel",
            "provider",
            "rules_version",
            "outcome")) {
      c.put(name, r.getString(name));
    }
    c.put("attempt", r.getObject("attempt"));
    c.put("segments", r.getObject("segments"));
    c.put("price_usd", r.getBigDecimal("price_usd"));
    c.put("baseline_usd", r.getBigDecimal("baseline_usd"));
    c.put("carbon_g", r.getBigDecimal("carbon_g"));
    return c;
  }

  @Override
  public String headText(String writer) {
    List<String> heads =
        query(
            "SELECT text FROM ledger_heads WHERE writer = ?",
            s -> s.setString(1, writer),
            r -> r.getString(1));
    return heads.isEmpty() ? null : heads.get(0);
  }

  @Override
  public CostReport report(ReportQuery query) {
    List<String> dims = new ArrayList<>();
    for (ReportQuery.Dimension d : query.groupBy()) {
      dims.add(
          switch (d) {
            case TENANT -> "coalesce(tenant, 'none')";
            case PROVIDER -> "coalesce(provider, 'none')";
            case REGION -> "coalesce(region, 'none')";
            case COUNTRY -> "coalesce(country, 'none')";
            case CHANNEL -> "coalesce(channel, 'none')";
            case DAY -> "to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
            case MONTH -> "to_char(time AT TIME ZONE 'UTC', 'YYYY-MM')";
          });
    }
    String measures =
        "count(*) FILTER (WHERE kind = 'sent'),"
            + " coalesce(sum(segments) FILTER (WHERE kind = 'sent'), 0),"
            + " coalesce(sum(price_usd) FILTER (WHERE kind = 'sent'), 0),"
            + " coalesce(sum(baseline_usd) FILTER (WHERE kind = 'sent'), 0),"
            + " coalesce(sum(carbon_g) FILTER (WHERE kind = 'sent'), 0),"
            + " count(DISTINCT verification) FILTER (WHERE kind = 'sent'),"
            + " count(*) FILTER (WHERE kind = 'approved'),"
            + " count(*) FILTER (WHERE kind = 'sim_swap_checked'),"
            + " coalesce(sum(price_usd) FILTER (WHERE kind = 'sim_swap_checked'), 0)";
    String where =
        " FROM ledger_entries WHERE time >= ? AND time < ?"
            + " AND kind IN ('sent', 'approved', 'sim_swap_checked')"
            + (query.tenant() == null ? "" : " AND tenant = ?");
    String select =
        "SELECT "
            + (dims.isEmpty() ? "" : String.join(", ", dims) + ", ")
            + measures
            + where
            + (dims.isEmpty() ? "" : " GROUP BY " + groupPositions(dims.size()));
    StatementSetup range =
        s -> {
          s.setTimestamp(1, Timestamp.from(start(query.from())));
          s.setTimestamp(2, Timestamp.from(start(query.to().plusDays(1))));
          if (query.tenant() != null) {
            s.setString(3, query.tenant());
          }
        };
    List<CostReport.Row> rows =
        new ArrayList<>(
            query(
                select,
                range,
                r -> {
                  Map<ReportQuery.Dimension, String> keys = new LinkedHashMap<>();
                  for (int i = 0; i < query.groupBy().size(); i++) {
                    keys.put(query.groupBy().get(i), r.getString(i + 1));
                  }
                  return row(keys, r, query.groupBy().size());
                }));
    rows.sort(CostReport.ROW_ORDER);
    CostReport.Row totals =
        query("SELECT " + measures + where, range, r -> row(Map.of(), r, 0)).get(0);
    return new CostReport(query, rows, totals);
  }

  private static String groupPositions(int count) {
    List<String> positions = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      positions.add(Integer.toString(i));
    }
    return String.join(", ", positions);
  }

  private static java.time.Instant start(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static CostReport.Row row(Map<ReportQuery.Dimension, String> keys, ResultSet r, int at)
      throws SQLException {
    return new CostReport.Row(
        keys,
        r.getLong(at + 1),
        r.getLong(at + 2),
        r.getBigDecimal(at + 3).stripTrailingZeros(),
        r.getBigDecimal(at + 4).stripTrailingZeros(),
        r.getBigDecimal(at + 5).stripTrailingZeros(),
        r.getLong(at + 6),
        r.getLong(at + 7),
        r.getLong(at + 8),
        r.getBigDecimal(at + 9).stripTrailingZeros());
  }

  @Override
  public List<LedgerEntry> entriesOf(String verificationId) {
    List<LedgerEntry> found =
        new ArrayList<>(
            query(
                "SELECT writer, text FROM ledger_entries WHERE verification = ?",
                s -> s.setString(1, verificationId),
                r -> EntryFormat.read(r.getString(1), r.getString(2))));
    found.sort(EntryOrder.BY_EVENT);
    return found;
  }

  @Override
  public LedgerEntry rules(String version) {
    List<LedgerEntry> found =
        query(
            "SELECT writer, text FROM ledger_entries WHERE kind = 'rules' AND rules_version = ?"
                + " LIMIT 1",
            s -> s.setString(1, version),
            r -> EntryFormat.read(r.getString(1), r.getString(2)));
    return found.isEmpty() ? null : found.get(0);
  }

  @Override
  public synchronized void close() {
    try {
      if (writerConnection != null) {
        writerConnection.close();
      }
      if (readerConnection != null) {
        readerConnection.close();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close the ledger connection", e);
    }
  }

  /** Binds a statement's parameters. */
  private interface StatementSetup {
    void bind(PreparedStatement s) throws SQLException;
  }

  /** Reads one row. */
  private interface RowReader<T> {
    T read(ResultSet r) throws SQLException;
  }

  /**
   * Runs a read on the one connection readers share: reports and audits are rare, and opening a
   * connection (a SCRAM handshake) costs more than most of their queries.
   */
  private synchronized <T> List<T> query(String sql, StatementSetup setup, RowReader<T> reader) {
    try {
      if (readerConnection == null || !readerConnection.isValid(2)) {
        readerConnection = connect();
      }
      try (PreparedStatement s = readerConnection.prepareStatement(sql)) {
        setup.bind(s);
        List<T> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(reader.read(r));
          }
        }
        return out;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
    }
  }
}
