package org.mhim.viewer.train;

import java.util.List;

/** Which slides train, which choose the best epoch, and which are held out for the final test. */
public record DataSplit(List<LabeledSlide> train, List<LabeledSlide> val, List<LabeledSlide> test) {
  public DataSplit {
    train = List.copyOf(train);
    val = List.copyOf(val);
    test = List.copyOf(test);
  }
}
