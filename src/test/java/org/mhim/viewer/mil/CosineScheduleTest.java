package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

  @Test
  void decaysFromStartToEndAlongHalfACosine() {
    CosineSchedule maskRatio = new CosineSchedule(0.03, 0.0, 1000);
    assertEquals(0.03, maskRatio.valueAt(0), 1e-15);
    assertEquals(0.015, maskRatio.valueAt(500), 1e-15, "half way is the mean of the end points");
    assertEquals(0.03 * (1 + Math.cos(Math.PI * 999 / 1000)) / 2, maskRatio.valueAt(999), 1e-15);
    assertEquals(0.0, maskRatio.valueAt(1000), 0.0);
    assertEquals(0.0, maskRatio.valueAt(5000), 0.0, "held at the end afterwards");
    for (int i = 1; i < 1000; i++) {
      assertTrue(maskRatio.valueAt(i) < maskRatio.valueAt(i - 1));
    }
  }

  @Test
  void risesTowardsOneForTheTeacherMomentum() {
    CosineSchedule momentum = new CosineSchedule(0.9997, 1.0, 10);
    assertEquals(0.9997, momentum.valueAt(0), 1e-15);
    assertEquals(1.0, momentum.valueAt(10), 0.0);
    assertTrue(momentum.valueAt(5) > 0.9997 && momentum.valueAt(5) < 1.0);
  }

  @Test
  void constantStaysPut() {
    CosineSchedule lr = CosineSchedule.constant(2e-4);
    assertEquals(2e-4, lr.valueAt(0), 0.0);
    assertEquals(2e-4, lr.valueAt(123), 0.0);
  }

  @Test
  void refusesAnEmptySchedule() {
    assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1, 0, 0));
  }

  @Test
  void controlsReadAllThreeSchedulesAtOneStep() {
    StepControls c =
        StepControls.at(
            3, CosineSchedule.constant(1e-3), new CosineSchedule(0.02, 0, 6), new CosineSchedule(0.9, 1, 6));
    assertEquals(1e-3, c.learningRate(), 0.0);
    assertEquals(0.01, c.maskRatio(), 1e-15);
    assertEquals(0.95, c.teacherMomentum(), 1e-15);
  }
}
