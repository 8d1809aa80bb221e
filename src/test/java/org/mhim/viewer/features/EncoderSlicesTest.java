package org.mhim.viewer.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EncoderSlicesTest {

  @Test
  void startsWithOnePatchThenFillsAboutAQuarterSecond() {
    EncoderSlices slices = new EncoderSlices(32);
    assertEquals(1, slices.next(), "nothing measured yet");
    slices.took(1, 0.025); // 25 ms a patch: 0.25 s / 0.025 s = 10 patches
    assertEquals(10, slices.next());
    slices.took(10, 0.100); // 10 ms a patch now; running mean (25 + 10) / 2 = 17.5 ms
    assertEquals(14, slices.next(), "0.25 / 0.0175 = 14.3");
  }

  @Test
  void aFastEncoderGetsWholeBatchesAndASlowOneSinglePatches() {
    EncoderSlices fast = new EncoderSlices(32);
    fast.took(1, 0.002);
    assertEquals(32, fast.next());
    EncoderSlices slow = new EncoderSlices(32);
    slow.took(1, 0.6); // ResNet-50 on a busy CPU
    assertEquals(1, slow.next());
  }
}
