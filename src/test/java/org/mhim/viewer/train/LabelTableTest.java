package org.mhim.viewer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelTableTest {

  @TempDir Path dir;

  private Path csv(String text) throws IOException {
    return Files.writeString(dir.resolve("labels.csv"), text);
  }

  @Test
  void classNamesKeepOrderOfFirstAppearance() throws Exception {
    LabelTable table =
        LabelTable.read(csv("slide_id,label\ns1,tumor\ns2,normal\n\"s,3\",tumor\n"), Optional.empty());
    assertEquals(List.of("tumor", "normal"), table.classNames());
    assertEquals(List.of(new LabeledSlide("s1", 0), new LabeledSlide("s2", 1),
        new LabeledSlide("s,3", 0)), table.slides());
    assertArrayEquals(new int[] {2, 1}, table.classCounts());
  }

  @Test
  void integerLabelsAreClassIndicesAndGivenNamesApply() throws Exception {
    Path file = csv("label,extra,slide_id\n1,x,a\n0,y,b\n");
    assertEquals(List.of("0", "1"), LabelTable.read(file, Optional.empty()).classNames());
    LabelTable named = LabelTable.read(file, Optional.of(List.of("normal", "tumor")));
    assertEquals(List.of("normal", "tumor"), named.classNames());
    assertEquals(new LabeledSlide("a", 1), named.slides().getFirst());
  }

  @Test
  void reportsEveryProblemAtOnce() throws IOException {
    Path file = csv("slide_id,label\na,tumor\na,normal\n,tumor\nb,\nc,stroma\nd\n");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> LabelTable.read(file, Optional.of(List.of("normal", "tumor", "necrosis"))));
    String message = e.getMessage();
    assertTrue(message.startsWith(file.toString()), message);
    assertTrue(message.contains("line 3: duplicate slide_id a (first on line 2)"), message);
    assertTrue(message.contains("line 4: empty slide_id"), message);
    assertTrue(message.contains("line 5: slide b has an empty label"), message);
    assertTrue(message.contains("line 6: slide c has unknown label 'stroma'"), message);
    assertTrue(message.contains("line 7: expected at least 2 fields, found 1"), message);
    assertTrue(message.contains("class 'normal' has no slides"), message);
    assertTrue(message.contains("class 'necrosis' has no slides"), message);
    assertEquals(7, e.problems().size());
  }

  @Test
  void malformedHeaderAndEmptyFileAreNamed() throws IOException {
    DatasetException header =
        assertThrows(
            DatasetException.class,
            () -> LabelTable.read(csv("slide_id,diagnosis\na,1\n"), Optional.empty()));
    assertTrue(header.getMessage().contains("must name the columns slide_id and label"));
    DatasetException empty =
        assertThrows(DatasetException.class, () -> LabelTable.read(csv(""), Optional.empty()));
    assertTrue(empty.getMessage().contains("the file is empty"));
  }
}
