package org.mhim.viewer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.mhim.viewer.slide.SlideImage;
import org.mhim.viewer.slide.SlideLevel;
import org.mhim.viewer.slide.SlideMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mhimview info SLIDE [--json]}: what a slide says about itself. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a slide's metadata: vendor, size, pyramid levels, microns per pixel, objective power,"
          + " associated images and (with --json) every OpenSlide property."
    })
public final class InfoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SLIDE", description = "A slide file OpenSlide reads (.svs, .tif, .ndpi, …).")
  Path slide;

  @Option(
      names = "--json",
      description =
          "Print JSON with keys path, vendor, width, height, levels, mpp_x, mpp_y,"
              + " objective_power, properties, associated_images.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (SlideImage image = SlideImage.open(slide)) {
      print(image.metadata(), json, spec.commandLine().getOut());
    }
    return 0;
  }

  /** Prints {@code metadata} as text or as JSON. */
  static void print(SlideMetadata metadata, boolean json, PrintWriter out) throws Exception {
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(toJson(metadata)));
    } else {
      out.print(toText(metadata));
    }
    out.flush();
  }

  /** The JSON form; its keys are part of the command's contract. */
  static ObjectNode toJson(SlideMetadata metadata) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("path", metadata.path().toString());
    root.put("vendor", metadata.vendor());
    root.put("width", metadata.width());
    root.put("height", metadata.height());
    ArrayNode levels = root.putArray("levels");
    for (SlideLevel level : metadata.levels()) {
      levels
          .addObject()
          .put("width", level.width())
          .put("height", level.height())
          .put("downsample", level.downsample());
    }
    putOptional(root, "mpp_x", metadata.mppX());
    putOptional(root, "mpp_y", metadata.mppY());
    putOptional(root, "objective_power", metadata.objectivePower());
    ObjectNode properties = root.putObject("properties");
    new TreeMap<>(metadata.properties()).forEach(properties::put);
    ArrayNode associated = root.putArray("associated_images");
    metadata.associatedImages().forEach(associated::add);
    return root;
  }

  private static void putOptional(ObjectNode node, String key, OptionalDouble value) {
    if (value.isPresent()) {
      node.put(key, value.getAsDouble());
    } else {
      node.putNull(key);
    }
  }

  static String toText(SlideMetadata m) {
    StringBuilder text = new StringBuilder();
    text.append("path:             ").append(m.path()).append('\n');
    text.append("vendor:           ").append(m.vendor()).append('\n');
    text.append(String.format(Locale.ROOT, "size:             %d × %d pixels%n", m.width(), m.height()));
    text.append("microns/pixel:    ").append(orUnknown(m.mppX())).append(" × ")
        .append(orUnknown(m.mppY())).append('\n');
    text.append("objective power:  ").append(orUnknown(m.objectivePower())).append('\n');
    text.append("associated:       ")
        .append(m.associatedImages().isEmpty() ? "none" : String.join(", ", m.associatedImages()))
        .append('\n');
    text.append("levels:           ").append(m.levelCount()).append('\n');
    for (int i = 0; i < m.levelCount(); i++) {
      SlideLevel level = m.level(i);
      text.append(String.format(Locale.ROOT, "  %2d  %8d × %-8d downsample %.3f%n",
          i, level.width(), level.height(), level.downsample()));
    }
    Map<String, String> properties = m.properties();
    text.append("properties:       ").append(properties.size())
        .append(" (all of them with --json)\n");
    return text.toString();
  }

  private static String orUnknown(OptionalDouble value) {
    if (value.isEmpty()) {
      return "unknown";
    }
    double v = value.getAsDouble();
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
