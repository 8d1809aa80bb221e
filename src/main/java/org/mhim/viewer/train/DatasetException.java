package org.mhim.viewer.train;

import java.util.List;

/** A dataset cannot be used; lists every problem found, so the user fixes them all in one go. */
public class DatasetException extends Exception {
  private final List<String> problems;

  public DatasetException(String subject, List<String> problems) {
    super(subject + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + "\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
