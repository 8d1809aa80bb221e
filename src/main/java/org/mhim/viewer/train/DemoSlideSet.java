package org.mhim.viewer.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mhim.viewer.slide.DemoSlideSpec;
import org.mhim.viewer.slide.DemoSlideWriter;

/**
 * A numbered set of synthetic demo slides: slide {@code i} has seed {@code firstSeed + i}, and the
 * even-numbered ones carry tumour (the odd ones none), so any prefix of an even length is balanced.
 *
 * @param prefix slide ids are {@code PREFIX-000}, {@code PREFIX-001}, …
 * @param count how many slides
 * @param width level-0 width of each slide
 * @param height level-0 height of each slide
 * @param firstSeed the seed of slide 0
 * @param tumorFraction the share of tissue that is tumour on a tumour slide
 */
public record DemoSlideSet(
    String prefix, int count, long width, long height, long firstSeed, double tumorFraction) {

  public static final String TUMOR = "tumor";
  public static final String NORMAL = "normal";
  /** Class names in index order, as the model's classes. */
  public static final List<String> CLASSES = List.of(NORMAL, TUMOR);

  public DemoSlideSet {
    if (count < 1) {
      throw new IllegalArgumentException("a demo slide set needs at least one slide, not " + count);
    }
    if (!(tumorFraction > 0 && tumorFraction <= 1)) {
      throw new IllegalArgumentException("the tumour fraction must be in (0, 1], not " + tumorFraction);
    }
    new DemoSlideSpec(width, height, firstSeed, tumorFraction); // checks the size
  }

  public String slideId(int i) {
    return String.format(Locale.ROOT, "%s-%03d", prefix, i);
  }

  public boolean hasTumor(int i) {
    return i % 2 == 0;
  }

  /** The class index of slide {@code i} in {@link #CLASSES}. */
  public int label(int i) {
    return hasTumor(i) ? CLASSES.indexOf(TUMOR) : CLASSES.indexOf(NORMAL);
  }

  public DemoSlideSpec spec(int i) {
    return new DemoSlideSpec(width, height, firstSeed + i, hasTumor(i) ? tumorFraction : 0);
  }

  /** Where slide {@code i} lives in {@code dir}. */
  public Path slideFile(Path dir, int i) {
    return dir.resolve(slideId(i) + ".tif");
  }

  /** Every slide with its label. */
  public List<LabeledSlide> labeled() {
    List<LabeledSlide> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(new LabeledSlide(slideId(i), label(i)));
    }
    return out;
  }

  /** Writes the slides (and their ground-truth GeoJSON) into {@code dir}; existing ones are kept. */
  public List<Path> write(Path dir) throws IOException {
    List<Path> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Path file = slideFile(dir, i);
      if (!Files.isRegularFile(file)
          || !Files.isRegularFile(DemoSlideWriter.annotationsPath(file))) {
        DemoSlideWriter.write(file, spec(i));
      }
      out.add(file);
    }
    return out;
  }
}
