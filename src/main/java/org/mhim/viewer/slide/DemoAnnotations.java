package org.mhim.viewer.slide;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The ground truth of a demo slide as GeoJSON, in QuPath's convention: a FeatureCollection of
 * Polygon features in level-0 pixels, each with {@code properties.objectType = "annotation"} and
 * {@code properties.classification = {name, color: [r, g, b]}}.
 */
final class DemoAnnotations {

  static final String TISSUE = "Tissue";
  static final String TUMOR = "Tumor";
  private static final int[] TISSUE_COLOR = {20, 150, 60};
  private static final int[] TUMOR_COLOR = {200, 0, 0};

  private DemoAnnotations() {}

  static byte[] geoJson(DemoTissueLayout layout, long seed) {
    StringBuilder json = new StringBuilder(64 * 1024);
    json.append("{\"type\":\"FeatureCollection\",\"features\":[");
    int index = 0;
    index = features(json, layout.tissue(), TISSUE, TISSUE_COLOR, seed, index);
    features(json, layout.tumour(), TUMOR, TUMOR_COLOR, seed, index);
    json.append("\n]}\n");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int features(
      StringBuilder json, List<SlidePolygon> polygons, String name, int[] color, long seed,
      int index) {
    for (SlidePolygon polygon : polygons) {
      json.append(index == 0 ? "\n" : ",\n");
      // A stable id per feature, so the same seed gives the same file.
      UUID id = UUID.nameUUIDFromBytes(
          ("mhimview-demo:" + seed + ":" + index).getBytes(StandardCharsets.UTF_8));
      json.append("{\"type\":\"Feature\",\"id\":\"").append(id).append("\",");
      json.append("\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[");
      for (int i = 0; i <= polygon.size(); i++) {
        int v = i % polygon.size(); // GeoJSON rings repeat the first vertex at the end
        json.append(i == 0 ? "" : ",")
            .append('[').append(polygon.x(v)).append(',').append(polygon.y(v)).append(']');
      }
      json.append("]]},\"properties\":{\"objectType\":\"annotation\",\"classification\":{\"name\":\"")
          .append(name)
          .append("\",\"color\":[")
          .append(color[0]).append(',').append(color[1]).append(',').append(color[2])
          .append("]}}}");
      index++;
    }
    return index;
  }
}
