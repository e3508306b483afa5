package dev.otpgateway.testing;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Everything logged while it runs, formatted as log lines (message, parameters and stack). */
public final class LogCapture extends Handler {
  private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<LogRecord> records = new ConcurrentLinkedQueue<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  public void start() {
    // TestGateway's first use sets logging up afresh, dropping every handler on the root logger:
    // have that happen first, or this capture would silently see nothing.
    try {
      Class.forName(TestGateway.class.getName(), true, LogCapture.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    Logger.getLogger("").addHandler(this);
  }

  public void stop() {
    Logger.getLogger("").removeHandler(this);
  }

  public String text() {
    return String.join("\n", lines);
  }

  /** The records published so far, oldest first. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    records.add(record);
    lines.add(formatter.format(record));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
