package org.mhim.viewer.tissue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.mhim.viewer.io.AtomicFiles;
import org.mhim.viewer.io.JsonProblems;
import org.mhim.viewer.slide.DemoSlideWriter;

/**
 * A GeoJSON file of annotated regions in QuPath's convention: Polygon and MultiPolygon features
 * in level-0 pixels with {@code properties.classification.name} (a bare string classification,
 * as older QuPath wrote, is read too). A FeatureCollection, a single Feature and a plain array of
 * features are all accepted; features of other geometry types (points, lines) are skipped.
 */
public record AnnotationFile(List<Annotation> annotations) {

  public static final String TISSUE = "Tissue";
  public static final String TUMOR = "Tumor";

  private static final ObjectMapper JSON = new ObjectMapper();

  public AnnotationFile {
    annotations = List.copyOf(annotations);
  }

  /** Annotations of one class, each polygon as written. */
  public static AnnotationFile of(String classification, List<Polygon> polygons) {
    return new AnnotationFile(polygons.stream().map(p -> new Annotation(classification, p)).toList());
  }

  /** The polygons of a class, ignoring case. */
  public List<Polygon> polygons(String classification) {
    return annotations.stream().filter(a -> a.is(classification)).map(Annotation::polygon).toList();
  }

  public List<Polygon> tissue() {
    return polygons(TISSUE);
  }

  /** Tumour polygons ("Tumor", QuPath's class name). */
  public List<Polygon> tumor() {
    return polygons(TUMOR);
  }

  /**
   * The annotation file kept beside {@code slide}, if there is one: {@code NAME.annotations.geojson}
   * for slide {@code NAME.ext}, as the demo slide generator writes it. Not {@code NAME.geojson}:
   * that is the name of an analysis's own result contours, which {@code analyze --out} can put
   * beside the slides, and which are the model's output, not annotations to hold it against.
   */
  public static Optional<Path> besideSlide(Path slide) {
    Path candidate = DemoSlideWriter.annotationsPath(slide);
    return Files.isRegularFile(candidate) ? Optional.of(candidate) : Optional.empty();
  }

  /**
   * Reads a GeoJSON annotation file.
   *
   * @throws IOException naming the file when it is missing, not JSON, or not GeoJSON polygons
   */
  public static AnnotationFile read(Path path) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": no such annotation file", e);
    } catch (JsonProcessingException e) {
      throw new IOException(path + ": not JSON (" + JsonProblems.describe(e) + ")", e);
    }
    JsonNode features;
    if (root != null && root.isArray()) {
      features = root;
    } else if (root != null && "FeatureCollection".equals(root.path("type").asText())) {
      features = root.path("features");
    } else if (root != null && "Feature".equals(root.path("type").asText())) {
      features = JSON.createArrayNode().add(root);
    } else {
      throw new IOException(path + ": not GeoJSON (expected a FeatureCollection or Feature)");
    }
    List<Annotation> annotations = new ArrayList<>();
    int index = 0;
    for (JsonNode feature : features) {
      try {
        readFeature(feature, annotations);
      } catch (IllegalArgumentException e) {
        throw new IOException(path + ": feature " + index + ": " + e.getMessage(), e);
      }
      index++;
    }
    return new AnnotationFile(annotations);
  }

  private static void readFeature(JsonNode feature, List<Annotation> out) {
    String name = classification(feature.path("properties").path("classification"));
    JsonNode geometry = feature.path("geometry");
    switch (geometry.path("type").asText()) {
      case "Polygon" -> out.add(new Annotation(name, polygon(geometry.path("coordinates"))));
      case "MultiPolygon" -> {
        for (JsonNode part : geometry.path("coordinates")) {
          out.add(new Annotation(name, polygon(part)));
        }
      }
      default -> {
        // Points, lines and empty geometries carry no area.
      }
    }
  }

  private static String classification(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    return node.path("name").asText("");
  }

  private static Polygon polygon(JsonNode rings) {
    if (!rings.isArray() || rings.isEmpty()) {
      throw new IllegalArgumentException("a polygon needs at least its exterior ring");
    }
    Ring exterior = ring(rings.get(0));
    List<Ring> holes = new ArrayList<>();
    for (int i = 1; i < rings.size(); i++) {
      holes.add(ring(rings.get(i)));
    }
    return new Polygon(exterior, holes);
  }

  private static Ring ring(JsonNode positions) {
    if (!positions.isArray()) {
      throw new IllegalArgumentException("a ring must be an array of [x, y] positions");
    }
    double[] xy = new double[2 * positions.size()];
    int n = 0;
    for (JsonNode position : positions) {
      if (!position.isArray() || position.size() < 2
          || !position.get(0).isNumber() || !position.get(1).isNumber()) {
        throw new IllegalArgumentException("a position must be [x, y] numbers, got " + position);
      }
      xy[n++] = position.get(0).asDouble();
      xy[n++] = position.get(1).asDouble();
    }
    if (xy.length < 6) {
      throw new IllegalArgumentException("a ring needs at least 3 positions, got " + positions.size());
    }
    return Ring.of(xy);
  }

  /** Writes the annotations as a QuPath-style FeatureCollection, atomically. */
  public void write(Path path) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", "FeatureCollection");
    ArrayNode features = root.putArray("features");
    for (Annotation annotation : annotations) {
      ObjectNode feature = features.addObject();
      feature.put("type", "Feature");
      // Deterministic ids: the same annotations give the same file.
      feature.put("id", UUID.nameUUIDFromBytes(
          (features.size() + ":" + annotation).getBytes(StandardCharsets.UTF_8)).toString());
      ObjectNode geometry = feature.putObject("geometry");
      geometry.put("type", "Polygon");
      ArrayNode rings = geometry.putArray("coordinates");
      writeRing(rings.addArray(), annotation.polygon().exterior());
      for (Ring hole : annotation.polygon().holes()) {
        writeRing(rings.addArray(), hole);
      }
      ObjectNode properties = feature.putObject("properties");
      properties.put("objectType", "annotation");
      if (!annotation.classification().isEmpty()) {
        ObjectNode classification = properties.putObject("classification");
        classification.put("name", annotation.classification());
        ArrayNode color = classification.putArray("color");
        for (int channel : color(annotation.classification())) {
          color.add(channel);
        }
      }
    }
    AtomicFiles.write(path, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  private static void writeRing(ArrayNode out, Ring ring) {
    for (int i = 0; i <= ring.size(); i++) {
      int v = i % ring.size(); // GeoJSON repeats the first position at the end
      out.addArray().add(ring.x(v)).add(ring.y(v));
    }
  }

  /** QuPath's colours for its usual classes; others get a stable colour from their name. */
  private static int[] color(String classification) {
    return switch (classification.toLowerCase(Locale.ROOT)) {
      case "tissue" -> new int[] {20, 150, 60};
      case "tumor", "tumour" -> new int[] {200, 0, 0};
      case "stroma" -> new int[] {150, 200, 150};
      default -> {
        int hash = classification.hashCode();
        yield new int[] {64 + (hash & 0x7F), 64 + ((hash >> 8) & 0x7F), 64 + ((hash >> 16) & 0x7F)};
      }
    };
  }
}
