package dev.otpgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFilesTest {

  @Test
  void adds_up_both_kinds_of_context_switch_in_a_status_file() {
    String status =
        """
        Name:\tvert.x-eventloo
        State:\tS (sleeping)
        Threads:\t41
        voluntary_ctxt_switches:\t1234
        nonvoluntary_ctxt_switches:\t56
        """;
    assertThat(ProcFiles.switchesIn(status)).isEqualTo(1290);
  }

  @Test
  void counts_the_switches_of_a_thread_that_parks() throws InterruptedException {
    long pid = ProcessHandle.current().pid();
    long before = ProcFiles.contextSwitches(pid);
    for (int i = 0; i < 20; i++) {
      Thread.sleep(1); // each sleep gives up the core: one voluntary switch at least
    }
    long after = ProcFiles.contextSwitches(pid);
    assertThat(before).isPositive();
    assertThat(after - before).isGreaterThanOrEqualTo(20);
  }

  @Test
  void answers_minus_one_for_a_process_that_is_not_there() {
    assertThat(ProcFiles.contextSwitches(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
