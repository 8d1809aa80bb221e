package org.mhim.viewer.mil;

import ai.djl.ndarray.NDArray;

/**
 * The soft-target consistency loss between the student's and the teacher's bag embeddings:
 * Σ_d −softmax(t/τ_t)_d · log_softmax(s/τ_s)_d over the embedding, averaged over rows (one row for
 * AB-MIL and TransMIL, one per class for DSMIL). The teacher side carries no gradient.
 *
 * @param teacherTemperature τ_t ({@code temp_t}, 0.1 in the reference recipe)
 * @param studentTemperature τ_s (1 in the reference)
 */
public record ConsistencyLoss(double teacherTemperature, double studentTemperature) {

  public ConsistencyLoss {
    if (!(teacherTemperature > 0) || !(studentTemperature > 0)) {
      throw new IllegalArgumentException(
          "temperatures must be positive: " + teacherTemperature + ", " + studentTemperature);
    }
  }

  /**
   * @param student the student's bag embedding, [rows, D] (or [D] for one row)
   * @param teacher the teacher's bag embedding of the same shape
   * @return the scalar loss
   */
  public NDArray compute(NDArray student, NDArray teacher) {
    if (!student.getShape().equals(teacher.getShape())) {
      throw new IllegalArgumentException(
          "student embedding " + student.getShape() + " and teacher embedding " + teacher.getShape() + " differ");
    }
    NDArray target = Scalars.div(teacher.stopGradient(), (float) teacherTemperature).softmax(-1); // [rows, D]
    NDArray logProbabilities = Scalars.div(student, (float) studentTemperature).logSoftmax(-1); // [rows, D]
    NDArray perRow = target.mul(logProbabilities).sum(new int[] {-1}).neg(); // [rows]
    return perRow.mean();
  }
}
