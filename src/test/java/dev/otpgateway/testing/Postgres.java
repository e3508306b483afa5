package dev.otpgateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server tests use, named by {@code OTPGW_TEST_POSTGRES_URL} ({@code .ci/run} starts
 * one and sets it). Each test class gets a schema of its own, so tests never see each other's
 * ledgers, and drops it when done.
 */
public final class Postgres implements AutoCloseable {
  public static final String URL_ENV = "OTPGW_TEST_POSTGRES_URL";
  private static final String HOW =
      "run .ci/run, or start PostgreSQL and set "
          + URL_ENV
          + "=postgresql://user:password@127.0.0.1:5432/database";

  private final String baseUrl;
  private final String schema;

  private Postgres(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
  }

  /** A fresh schema on the test server; skips (or, in CI, fails) the test without a server. */
  public static Postgres schema() {
    String url = System.getenv(URL_ENV);
    External.assumePresent("PostgreSQL ledger tests", url != null && !url.isBlank(), HOW);
    Postgres pg = new Postgres(url, "t_" + UUID.randomUUID().toString().replace("-", ""));
    pg.execute("CREATE SCHEMA " + pg.schema);
    return pg;
  }

  /** The URL a gateway or store is given: the server's, with this schema as its search path. */
  public String url() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Runs SQL in the schema (tests tamper with the ledger this way). */
  public void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** A connection to the server, for reading what the gateway wrote. */
  public Connection connect() throws SQLException {
    java.net.URI uri = java.net.URI.create(baseUrl);
    Properties props = new Properties();
    String[] user = uri.getUserInfo() == null ? new String[0] : uri.getUserInfo().split(":", 2);
    if (user.length > 0) {
      props.setProperty("user", user[0]);
    }
    if (user.length > 1) {
      props.setProperty("password", user[1]);
    }
    Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://"
                + uri.getHost()
                + ":"
                + (uri.getPort() < 0 ? 5432 : uri.getPort())
                + uri.getPath(),
            props);
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
    }
    return c;
  }

  @Override
  public void close() {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }
}
