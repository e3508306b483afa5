package dev.otpgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class GatewaySamplerTest {

  @Test
  void sums_the_heap_samples_and_ignores_the_rest() {
    Buffer metrics =
        Buffer.buffer(
            """
            # HELP jvm_memory_used_bytes Used bytes of a given JVM memory area.
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap"} 2.465792E7
            jvm_memory_used_bytes{area="nonheap"} 6.8013384E7
            jvm_memory_used_bytes{area="heap",pool="x"} 1000 1700000000000
            jvm_memory_committed_bytes{area="heap"} 5.0E8
            """);
    assertThat(GatewaySampler.usedHeap(metrics)).isEqualTo(24_657_920L + 1000);
  }

  @Test
  void answers_minus_one_without_heap_samples() {
    assertThat(GatewaySampler.usedHeap(Buffer.buffer("up 1\n"))).isEqualTo(-1);
  }
}
