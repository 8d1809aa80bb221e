package org.mhim.viewer.analysis;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.mhim.viewer.tissue.Polygon;
import org.mhim.viewer.tissue.Ring;

/**
 * Streams a GeoJSON FeatureCollection in QuPath's convention (what QuPath's own "Export as
 * GeoJSON" writes and its importer reads): each Feature has a Polygon geometry in level-0 pixels
 * and {@code properties} with {@code objectType} ("detection" or "annotation"), an optional {@code
 * name}, {@code classification} {@code {name, color: [r, g, b]}} and {@code measurements} as an
 * object of name → number. Non-finite measurements are left out: JSON has no NaN, and QuPath
 * treats a missing measurement as NaN anyway. Streaming keeps 100k detections cheap.
 */
final class QuPathFeatureWriter implements AutoCloseable {

  static final String DETECTION = "detection";
  static final String ANNOTATION = "annotation";

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private final JsonGenerator out;

  QuPathFeatureWriter(OutputStream stream) throws IOException {
    out = JSON.createGenerator(stream, JsonEncoding.UTF8);
    out.writeStartObject();
    out.writeStringField("type", "FeatureCollection");
    out.writeArrayFieldStart("features");
  }

  /**
   * Writes one feature.
   *
   * @param name shown as the object's name in QuPath; null for none
   * @param rgb classification colour {@code 0xRRGGBB}
   * @param measurements name → value (Float, Double, Integer or Long), in the order given
   */
  void feature(
      Polygon polygon,
      String objectType,
      String name,
      String classification,
      int rgb,
      Map<String, ? extends Number> measurements)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("type", "Feature");
    out.writeObjectFieldStart("geometry");
    out.writeStringField("type", "Polygon");
    out.writeArrayFieldStart("coordinates");
    ring(polygon.exterior());
    for (Ring hole : polygon.holes()) {
      ring(hole);
    }
    out.writeEndArray();
    out.writeEndObject();
    out.writeObjectFieldStart("properties");
    out.writeStringField("objectType", objectType);
    if (name != null) {
      out.writeStringField("name", name);
    }
    out.writeObjectFieldStart("classification");
    out.writeStringField("name", classification);
    out.writeArrayFieldStart("color");
    out.writeNumber((rgb >> 16) & 0xFF);
    out.writeNumber((rgb >> 8) & 0xFF);
    out.writeNumber(rgb & 0xFF);
    out.writeEndArray();
    out.writeEndObject();
    out.writeObjectFieldStart("measurements");
    for (Map.Entry<String, ? extends Number> m : measurements.entrySet()) {
      measurement(m.getKey(), m.getValue());
    }
    out.writeEndObject();
    out.writeEndObject();
    out.writeEndObject();
  }

  /** Floats as floats ("0.1", not the double "0.10000000149011612"), integers as integers. */
  private void measurement(String name, Number value) throws IOException {
    switch (value) {
      case Float f when Float.isFinite(f) -> out.writeNumberField(name, f);
      case Integer i -> out.writeNumberField(name, i);
      case Long l -> out.writeNumberField(name, l);
      case Double d when Double.isFinite(d) -> out.writeNumberField(name, d);
      default -> {
        // NaN and infinities: JSON cannot hold them; a missing measurement is NaN to QuPath.
      }
    }
  }

  /** GeoJSON rings repeat their first position at the end; whole numbers are written as integers. */
  private void ring(Ring ring) throws IOException {
    out.writeStartArray();
    for (int i = 0; i <= ring.size(); i++) {
      int v = i % ring.size();
      out.writeStartArray();
      number(ring.x(v));
      number(ring.y(v));
      out.writeEndArray();
    }
    out.writeEndArray();
  }

  private void number(double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.writeNumber((long) v);
    } else {
      out.writeNumber(v);
    }
  }

  /** Ends the collection and flushes; the underlying stream stays open. */
  @Override
  public void close() throws IOException {
    out.writeEndArray();
    out.writeEndObject();
    out.close();
  }
}
