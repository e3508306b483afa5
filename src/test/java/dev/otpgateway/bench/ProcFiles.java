package dev.otpgateway.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's resident memory, CPU time and context switches from Linux's {@code /proc}.
 * These files live in memory, so reading one is microseconds: fine once a second on the event loop.
 */
final class ProcFiles {
  /** USER_HZ, the unit of utime and stime in /proc/PID/stat: 100 on every Linux we run on. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcFiles() {}

  /** VmRSS of the process in bytes, or -1 when it can't be read (gone, not Linux). */
  static long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kib = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kib) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // answered below: the process may have exited, which the report shows as "n/a"
    }
    return -1;
  }

  /** User plus system CPU time the process used so far, in nanoseconds, or -1. */
  static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) is in parentheses and may hold spaces: count after its end.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Context switches of the process's threads so far (voluntary: the thread parked or waited for
   * I/O; involuntary: the scheduler took its core), summed over the threads alive now, or -1. A
   * thread that ended took its count with it, so a window's difference is exact only for threads
   * that live through it, as the gateway's event loops, partition and writer threads do.
   */
  static long contextSwitches(long pid) {
    long sum = 0;
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          sum += switchesIn(Files.readString(task.resolve("status")));
        } catch (IOException e) {
          // the thread ended between the listing and the read: it counts as gone
        }
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Voluntary plus involuntary context switches in the text of a {@code status} file. */
  static long switchesIn(String status) {
    long sum = 0;
    for (String line : status.split("\n")) {
      if (line.startsWith("voluntary_ctxt_switches:")
          || line.startsWith("nonvoluntary_ctxt_switches:")) {
        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return sum;
  }
}
