package dev.otpgateway.app;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per log record on stderr, for the gateway and for what it embeds (Vert.x, Hazelcast,
 * Netty, the Twilio SDK through slf4j-jdk14). Chatty libraries are held to warnings.
 */
public final class LoggingSetup {
  // java.util.logging holds loggers weakly: without these references a level set here is lost
  // when the logger is collected, and the library logs at INFO again.
  private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

  /** Called by java.util.logging when named by {@code java.util.logging.config.class}. */
  public LoggingSetup() {
    configure();
  }

  public static void configure() {
    Logger root = Logger.getLogger("");
    for (var handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.ALL);
    console.setFormatter(new OneLine());
    root.addHandler(console);
    root.setLevel(Level.INFO);
    QUIETED.clear();
    for (String chatty :
        new String[] {"com.hazelcast", "io.netty", "org.apache.hc", "com.twilio"}) {
      Logger quiet = Logger.getLogger(chatty);
      quiet.setLevel(Level.WARNING);
      QUIETED.add(quiet);
    }
  }

  private static final class OneLine extends Formatter {
    @Override
    public String format(LogRecord r) {
      StringBuilder line =
          new StringBuilder(160)
              .append(Instant.ofEpochMilli(r.getMillis()))
              .append(' ')
              .append(r.getLevel().getName())
              .append(' ')
              .append(shortName(r.getLoggerName()))
              .append(": ")
              .append(formatMessage(r))
              .append(System.lineSeparator());
      if (r.getThrown() != null) {
        var trace = new java.io.StringWriter();
        r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    private static String shortName(String logger) {
      if (logger == null) {
        return "-";
      }
      int dot = logger.lastIndexOf('.');
      return dot < 0 ? logger : logger.substring(dot + 1);
    }
  }
}
