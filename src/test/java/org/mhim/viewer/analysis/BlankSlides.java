package org.mhim.viewer.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A slide of bare glass (near-white noise), written by vips as a tiled pyramid TIFF. */
public final class BlankSlides {

  private BlankSlides() {}

  public static Path glass(Path dir) throws IOException, InterruptedException {
    Path noise = dir.resolve("noise.v");
    vips("gaussnoise", noise.toString(), "1500", "1000", "--mean", "243", "--sigma", "3");
    Path grey = dir.resolve("glass.v");
    vips("cast", noise.toString(), grey.toString(), "uchar");
    Path rgb = dir.resolve("glass3.v");
    vips("bandjoin", grey + " " + grey + " " + grey, rgb.toString());
    Path blank = dir.resolve("blank.tif");
    vips("tiffsave", rgb.toString(), blank.toString(), "--tile", "--pyramid", "--compression", "jpeg",
        "--tile-width", "256", "--tile-height", "256");
    return blank;
  }

  private static void vips(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("vips"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException("vips " + String.join(" ", args) + " failed: " + output);
    }
  }
}
