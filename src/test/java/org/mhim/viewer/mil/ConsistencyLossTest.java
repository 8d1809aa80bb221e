package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ConsistencyLossTest {

  @Test
  void handCheckedTwoRowCase() {
    try (NDManager m = NDManager.newBaseManager()) {
      float ln3 = (float) Math.log(3);
      // Row 1: teacher uniform, student log-softmax [ln ¼, ln ¾] → −(½ ln ¼ + ½ ln ¾) = 0.8369882.
      // Row 2: teacher [0, 0.1·ln 3] / 0.1 → softmax [¼, ¾]; student uniform → ln 2 = 0.6931472.
      NDArray student = m.create(new float[] {0, ln3, 0, 0}, new Shape(2, 2));
      NDArray teacher = m.create(new float[] {0, 0, 0, 0.1f * ln3}, new Shape(2, 2));
      double row1 = -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75));
      double row2 = Math.log(2);
      NDArray loss = new ConsistencyLoss(0.1, 1.0).compute(student, teacher);
      assertEquals(0, loss.getShape().dimension(), "a scalar");
      assertEquals((row1 + row2) / 2, loss.getFloat(), 1e-6, "rows are averaged");
      // One row alone (AB-MIL / TransMIL embedding of shape [D]).
      assertEquals(row1, new ConsistencyLoss(0.1, 1.0).compute(student.get(0), teacher.get(0)).getFloat(), 1e-6);
    }
  }

  @Test
  void studentTemperatureScalesTheStudentLogits() {
    try (NDManager m = NDManager.newBaseManager()) {
      // student [0, 2 ln 3] at τ_s = 2 is [0, ln 3] at τ_s = 1
      float ln3 = (float) Math.log(3);
      NDArray teacher = m.create(new float[] {0, 0});
      double expected = -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75));
      assertEquals(expected,
          new ConsistencyLoss(0.1, 2.0).compute(m.create(new float[] {0, 2 * ln3}), teacher).getFloat(), 1e-6);
    }
  }

  @Test
  void refusesMismatchedShapes() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThrows(IllegalArgumentException.class,
          () -> new ConsistencyLoss(0.1, 1).compute(m.zeros(new Shape(2, 3)), m.zeros(new Shape(3))));
    }
  }
}
