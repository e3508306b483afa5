package dev.otpgateway.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What the measured window cost: CPU of the driver, of the gateway and of the simulator when it
 * runs apart, as a percentage of one core (200% is both cores of a 2-core box), the gateway's
 * context switches, and the driver's own garbage collections. The driver's and the simulator's
 * shares matter: on a small box every cycle they spend is one the gateway doesn't get (bench/kannel
 * subtracts them from the box to say what a start may cost the gateway at a peer's rate), and a GC
 * pause in the driver would pass for gateway latency.
 */
final class ResourceMeter {
  private final long gatewayPid;
  private final long simulatorPid;
  private boolean started;
  private boolean stopped;
  private long wallFrom;
  private long driverCpuFrom;
  private long gatewayCpuFrom;
  private long gatewaySwitchesFrom;
  private long simulatorCpuFrom;
  private long gcCountFrom;
  private long gcMillisFrom;

  private double driverCpuPercent = -1;
  private double gatewayCpuPercent = -1;
  private double simulatorCpuPercent = -1;
  private long gatewaySwitches = -1;
  private long gcCount;
  private long gcMillis;

  /** A process id of 0 is not sampled. */
  ResourceMeter(long gatewayPid, long simulatorPid) {
    this.gatewayPid = gatewayPid;
    this.simulatorPid = simulatorPid;
  }

  void start() {
    started = true;
    wallFrom = System.nanoTime();
    driverCpuFrom = driverCpuNanos();
    gatewayCpuFrom = gatewayPid > 0 ? ProcFiles.cpuNanos(gatewayPid) : -1;
    gatewaySwitchesFrom = gatewayPid > 0 ? ProcFiles.contextSwitches(gatewayPid) : -1;
    simulatorCpuFrom = simulatorPid > 0 ? ProcFiles.cpuNanos(simulatorPid) : -1;
    gcCountFrom = gcCount();
    gcMillisFrom = gcMillis();
  }

  /** Ends the window; later calls change nothing. */
  void stop() {
    if (!started || stopped) {
      return;
    }
    stopped = true;
    double wall = System.nanoTime() - wallFrom;
    driverCpuPercent = 100.0 * (driverCpuNanos() - driverCpuFrom) / wall;
    long gatewayCpuTo = gatewayPid > 0 ? ProcFiles.cpuNanos(gatewayPid) : -1;
    if (gatewayCpuFrom >= 0 && gatewayCpuTo >= 0) {
      gatewayCpuPercent = 100.0 * (gatewayCpuTo - gatewayCpuFrom) / wall;
    }
    long gatewaySwitchesTo = gatewayPid > 0 ? ProcFiles.contextSwitches(gatewayPid) : -1;
    if (gatewaySwitchesFrom >= 0 && gatewaySwitchesTo >= 0) {
      gatewaySwitches = gatewaySwitchesTo - gatewaySwitchesFrom;
    }
    long simulatorCpuTo = simulatorPid > 0 ? ProcFiles.cpuNanos(simulatorPid) : -1;
    if (simulatorCpuFrom >= 0 && simulatorCpuTo >= 0) {
      simulatorCpuPercent = 100.0 * (simulatorCpuTo - simulatorCpuFrom) / wall;
    }
    gcCount = gcCount() - gcCountFrom;
    gcMillis = gcMillis() - gcMillisFrom;
  }

  /** The driver's CPU over the window, % of one core; -1 before {@link #stop}. */
  double driverCpuPercent() {
    return driverCpuPercent;
  }

  /** The gateway's CPU over the window, % of one core; -1 when unknown. */
  double gatewayCpuPercent() {
    return gatewayCpuPercent;
  }

  /** The simulator's CPU over the window, % of one core; -1 when unknown. */
  double simulatorCpuPercent() {
    return simulatorCpuPercent;
  }

  /**
   * The gateway's context switches over the window: each thread that parked and was woken (a
   * hand-off between threads, an event loop waiting for I/O) or was preempted; -1 when unknown.
   */
  long gatewaySwitches() {
    return gatewaySwitches;
  }

  long driverGcCount() {
    return gcCount;
  }

  long driverGcMillis() {
    return gcMillis;
  }

  private static long driverCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return ProcFiles.cpuNanos(ProcessHandle.current().pid());
  }

  private static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }
}
