package org.mhim.viewer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.mhim.viewer.slide.DemoSlides;
import org.mhim.viewer.ui.ViewRequest;
import org.mhim.viewer.ui.ViewerApp;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mhimview view [SLIDE…]}: the desktop viewer, or one scripted screenshot of it. */
@Command(
    name = "view",
    mixinStandardHelpOptions = true,
    description = {
      "Opens slides in the viewer, each in its own tab.",
      "With --screenshot, renders one view of one slide once it is fully sharp, writes it as PNG and exits."
    })
public final class ViewCommand implements Callable<Integer> {

  @Parameters(paramLabel = "SLIDE", arity = "0..*", description = "Slides to open (any format OpenSlide reads).")
  List<Path> slides = new ArrayList<>();

  @Option(names = "--screenshot", paramLabel = "OUT.png", description = "Write the window to this PNG once the view is sharp, then exit.")
  Path screenshot;

  @Option(names = "--center", paramLabel = "X,Y", description = "View centre in level-0 pixels (default: the slide centre).")
  String center;

  static final class Zoom {
    @Option(names = "--magnification", paramLabel = "M", description = "Magnification to show, e.g. 10 for 10× (needs objective power or pixel size in the slide).")
    Double magnification;

    @Option(names = "--downsample", paramLabel = "D", description = "Level-0 pixels per screen pixel; works on any slide.")
    Double downsample;
  }

  @ArgGroup(exclusive = true)
  Zoom zoom;

  @Option(names = "--size", paramLabel = "WxH", defaultValue = "1280x800", description = "Window size for --screenshot (default: ${DEFAULT-VALUE}).")
  String size;

  /** Set by {@code mhimview} with no command: open the demo slide. */
  boolean demo;

  @Override
  public Integer call() {
    try {
      ViewRequest request = request();
      ViewerApp.run(request, ViewCommand::demoSlide);
      if (screenshot != null) {
        System.out.println("wrote " + screenshot.toAbsolutePath());
      }
      return 0;
    } catch (UsageException e) {
      System.err.println("mhimview: " + e.getMessage());
      return 2;
    } catch (ViewerApp.ViewerException | UncheckedIOException e) {
      System.err.println("mhimview: " + e.getMessage());
      return 1;
    } catch (UnsupportedOperationException e) {
      // JavaFX says so when there is no display (an ssh session, a CI box).
      System.err.println("mhimview: cannot open a window (" + e.getMessage() + "); run it on a desktop or under xvfb-run");
      return 1;
    }
  }

  ViewRequest request() {
    for (Path slide : slides) {
      if (!Files.exists(slide)) {
        throw new UsageException(slide + ": no such file");
      }
    }
    if (screenshot == null) {
      if (center != null || zoom != null) {
        throw new UsageException("--center, --magnification and --downsample go with --screenshot");
      }
      return new ViewRequest(slides, demo, Optional.empty());
    }
    if (slides.size() != 1) {
      throw new UsageException("--screenshot takes exactly one slide, got " + slides.size());
    }
    OptionalDouble cx = OptionalDouble.empty();
    OptionalDouble cy = OptionalDouble.empty();
    if (center != null) {
      String[] parts = center.split(",");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        cx = OptionalDouble.of(Double.parseDouble(parts[0].trim()));
        cy = OptionalDouble.of(Double.parseDouble(parts[1].trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("--center wants X,Y in level-0 pixels, e.g. 12000,8000; got \"" + center + "\"");
      }
    }
    OptionalDouble magnification = OptionalDouble.empty();
    OptionalDouble downsample = OptionalDouble.empty();
    if (zoom != null && zoom.magnification != null) {
      if (!(zoom.magnification > 0)) {
        throw new UsageException("--magnification must be positive");
      }
      magnification = OptionalDouble.of(zoom.magnification);
    }
    if (zoom != null && zoom.downsample != null) {
      if (!(zoom.downsample > 0)) {
        throw new UsageException("--downsample must be positive");
      }
      downsample = OptionalDouble.of(zoom.downsample);
    }
    String[] wh = size.toLowerCase().split("x");
    int width;
    int height;
    try {
      width = Integer.parseInt(wh[0].trim());
      height = Integer.parseInt(wh[1].trim());
    } catch (RuntimeException e) {
      throw new UsageException("--size wants WxH, e.g. 1280x800; got \"" + size + "\"");
    }
    try {
      return new ViewRequest(slides, false, Optional.of(new ViewRequest.Screenshot(
          screenshot, cx, cy, magnification, downsample, width, height)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Path demoSlide() {
    try {
      return DemoSlides.ensureDefault();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the demo slide: " + e.getMessage(), e);
    }
  }

  /** A mistake on the command line. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
