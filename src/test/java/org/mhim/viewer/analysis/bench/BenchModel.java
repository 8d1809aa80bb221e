package org.mhim.viewer.analysis.bench;

import java.nio.file.Path;
import org.mhim.viewer.analysis.AnalysisModels;

/**
 * Writes a randomly initialised AB-MIL bundle for the built-in encoder into {@code args[0]}, for
 * bench/analyze.sh when the demo model is not installed: the benchmark times the pipeline, whose
 * cost does not depend on the weights.
 */
public final class BenchModel {

  private BenchModel() {}

  public static void main(String[] args) throws Exception {
    System.out.println(AnalysisModels.randomAbmil(Path.of(args[0])));
  }
}
