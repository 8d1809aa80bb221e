package org.mhim.viewer.mil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mhim.viewer.features.NoGradient;

class EmaTeacherTest {

  private static GlobalRecycleNetwork block(int dim) {
    return GlobalRecycleNetwork.builder().setDim(dim).optHeads(2).optHeadDim(3).optQueries(2).build();
  }

  @Test
  void everyTeacherParameterMovesTowardsTheStudent() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork student = block(4);
      GlobalRecycleNetwork teacher = block(4);
      student.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      teacher.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      // make every value distinct so a mix-up between parameters would show
      try (NoGradient _ = NoGradient.enter()) { // in place on parameters
        for (var p : student.getParameters().values()) {
          p.getArray().addi(m.randomUniform(-1, 1, p.getArray().getShape()));
        }
        for (var p : teacher.getParameters().values()) {
          p.getArray().addi(m.randomUniform(-1, 1, p.getArray().getShape()));
        }
      }
      List<float[]> s = new ArrayList<>();
      List<float[]> t = new ArrayList<>();
      for (Parameter p : student.getParameters().values()) {
        s.add(p.getArray().toFloatArray());
      }
      for (Parameter p : teacher.getParameters().values()) {
        t.add(p.getArray().toFloatArray());
      }
      EmaTeacher ema = EmaTeacher.of(student, teacher);
      assertEquals(7, ema.size(), "the global queries, not trained by gradient, are averaged too");
      ema.update(0.9);
      int i = 0;
      for (Parameter p : teacher.getParameters().values()) {
        float[] after = p.getArray().toFloatArray();
        for (int j = 0; j < after.length; j++) {
          assertEquals(0.9 * t.get(i)[j] + 0.1 * s.get(i)[j], after[j], 1e-6, p.getName() + "[" + j + "]");
        }
        i++;
      }
      // the student is not touched
      i = 0;
      for (Parameter p : student.getParameters().values()) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(s.get(i++), p.getArray().toFloatArray());
      }
      // momentum 1 freezes the teacher; momentum 0 copies the student
      float[] before = teacher.getParameters().valueAt(0).getArray().toFloatArray();
      ema.update(1.0);
      org.junit.jupiter.api.Assertions.assertArrayEquals(before, teacher.getParameters().valueAt(0).getArray().toFloatArray());
      ema.update(0.0);
      org.junit.jupiter.api.Assertions.assertArrayEquals(s.get(0), teacher.getParameters().valueAt(0).getArray().toFloatArray());
    }
  }

  /** Split among two threads in parts, the blend gives the serial one's values bit for bit. */
  @Test
  void blendSplitAmongThreadsEqualsTheSerialOne() {
    try (NDManager m = NDManager.newBaseManager();
        BlasProjection threads = new BlasProjection(OpenBlasTest.debianOpenBlas(), 2)) {
      GlobalRecycleNetwork student = wide();
      GlobalRecycleNetwork serial = wide();
      GlobalRecycleNetwork split = wide();
      for (GlobalRecycleNetwork b : List.of(student, serial, split)) {
        b.initialize(m, DataType.FLOAT32, new Shape(1, 128));
      }
      try (NoGradient _ = NoGradient.enter()) { // the two teachers start equal
        for (int i = 0; i < serial.getParameters().size(); i++) {
          var target = split.getParameters().valueAt(i).getArray();
          target.subi(target).addi(serial.getParameters().valueAt(i).getArray());
        }
      }
      EmaTeacher.of(student, serial).update(0.9);
      EmaTeacher.of(student, split).update(0.9, threads);
      for (int i = 0; i < serial.getParameters().size(); i++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            serial.getParameters().valueAt(i).getArray().toFloatArray(),
            split.getParameters().valueAt(i).getArray().toFloatArray(), serial.getParameters().keyAt(i));
      }
    }
  }

  /** Its key-value weight, [1024, 128], is four parts of {@link ParallelRanges#MIN_PART_VALUES}. */
  private static GlobalRecycleNetwork wide() {
    return GlobalRecycleNetwork.builder().setDim(128).build();
  }

  @Test
  void refusesDifferentArchitecturesAndBadMomentum() {
    try (NDManager m = NDManager.newBaseManager()) {
      GlobalRecycleNetwork a = block(4);
      GlobalRecycleNetwork b = block(6);
      a.initialize(m, DataType.FLOAT32, new Shape(1, 4));
      b.initialize(m, DataType.FLOAT32, new Shape(1, 6));
      assertThrows(IllegalArgumentException.class, () -> EmaTeacher.of(a, b));
      assertThrows(IllegalArgumentException.class, () -> EmaTeacher.of(a, a).update(1.5));
    }
  }
}
