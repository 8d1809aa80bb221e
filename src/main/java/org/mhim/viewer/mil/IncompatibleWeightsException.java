package org.mhim.viewer.mil;

import java.io.IOException;

/** Weights that do not fit the model they were meant for: the message names the keys and shapes. */
public class IncompatibleWeightsException extends IOException {

  public IncompatibleWeightsException(String message) {
    super(message);
  }
}
