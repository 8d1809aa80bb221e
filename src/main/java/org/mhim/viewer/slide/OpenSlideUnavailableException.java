package org.mhim.viewer.slide;

/** The OpenSlide library is not installed (or too old); the message says how to install it. */
public class OpenSlideUnavailableException extends RuntimeException {
  public OpenSlideUnavailableException(String message) {
    super(message);
  }
}
