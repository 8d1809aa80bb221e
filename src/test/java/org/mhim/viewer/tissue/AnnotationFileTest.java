package org.mhim.viewer.tissue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationFileTest {

  @TempDir Path dir;

  @Test
  void readsQuPathFeatureCollection() throws IOException {
    Path file = dir.resolve("truth.geojson");
    Files.writeString(file, """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","geometry":{"type":"Polygon","coordinates":[
            [[0,0],[100,0],[100,80],[0,80],[0,0]],
            [[20,20],[20,50],[50,50],[50,20],[20,20]]]},
          "properties":{"objectType":"annotation","classification":{"name":"Tissue","color":[20,150,60]}}},
         {"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[
            [[[60,10],[90,10],[90,30],[60,30],[60,10]]],
            [[[60,40],[90,40],[90,70],[60,70],[60,40]]]]},
          "properties":{"objectType":"annotation","classification":"tumor"}},
         {"type":"Feature","geometry":{"type":"Point","coordinates":[5,5]},"properties":{}}
        ]}
        """);
    AnnotationFile annotations = AnnotationFile.read(file);
    assertEquals(3, annotations.annotations().size());
    assertEquals(1, annotations.tissue().size());
    Polygon tissue = annotations.tissue().getFirst();
    assertEquals(4, tissue.exterior().size(), "closing position dropped");
    assertEquals(100 * 80 - 30 * 30, tissue.area());
    assertEquals(2, annotations.tumor().size(), "class names match ignoring case");
    assertTrue(PointInPolygon.inAny(annotations.tumor(), 75, 55));
    assertTrue(!PointInPolygon.inAny(annotations.tumor(), 75, 35));
  }

  @Test
  void writesWhatItReads() throws IOException {
    Polygon polygon =
        new Polygon(Ring.rectangle(10, 10, 300, 200), List.of(Ring.rectangle(50, 50, 20, 20)));
    AnnotationFile written =
        new AnnotationFile(
            List.of(new Annotation("Tissue", polygon), new Annotation("Tumor", Polygon.of(Ring.rectangle(0, 0, 5, 5)))));
    Path file = dir.resolve("out.geojson");
    written.write(file);
    assertEquals(written, AnnotationFile.read(file));
    assertTrue(Files.readString(file).contains("\"objectType\" : \"annotation\""));
  }

  @Test
  void badFilesAreNamed() throws IOException {
    Path notJson = dir.resolve("notes.geojson");
    Files.writeString(notJson, "this is not json");
    IOException e1 = assertThrows(IOException.class, () -> AnnotationFile.read(notJson));
    assertTrue(e1.getMessage().startsWith(notJson.toString()) && e1.getMessage().contains("not JSON"), e1.getMessage());

    Path shortRing = dir.resolve("short.geojson");
    Files.writeString(shortRing, """
        {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1]]]},"properties":{}}
        """);
    IOException e2 = assertThrows(IOException.class, () -> AnnotationFile.read(shortRing));
    assertTrue(e2.getMessage().contains("feature 0") && e2.getMessage().contains("3 positions"), e2.getMessage());

    Path missing = dir.resolve("missing.geojson");
    IOException e3 = assertThrows(IOException.class, () -> AnnotationFile.read(missing));
    assertTrue(e3.getMessage().contains("missing.geojson"), e3.getMessage());

    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"hello\": 1}");
    IOException e4 = assertThrows(IOException.class, () -> AnnotationFile.read(other));
    assertTrue(e4.getMessage().contains("not GeoJSON"), e4.getMessage());
  }
}
