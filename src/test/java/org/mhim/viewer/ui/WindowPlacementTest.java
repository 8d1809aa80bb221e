package org.mhim.viewer.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Where the window was: kept in the settings, used again only where it can be reached. */
class WindowPlacementTest {

  private static final List<Rectangle2D> ONE_SCREEN = List.of(new Rectangle2D(0, 0, 1920, 1050));

  @Test
  void aPlacementOnAScreenIsUsedAgainAndOneOffEveryScreenOrTooSmallIsNot() {
    assertTrue(new WindowPlacement(100, 80, 1280, 820, false).usableOn(ONE_SCREEN));
    assertTrue(new WindowPlacement(1700, 900, 1280, 820, false).usableOn(ONE_SCREEN), "partly off, still reachable");
    assertFalse(new WindowPlacement(1880, 80, 1280, 820, false).usableOn(ONE_SCREEN), "40 px on the screen");
    assertFalse(new WindowPlacement(2000, 80, 1280, 820, false).usableOn(ONE_SCREEN), "on a screen unplugged since");
    assertTrue(new WindowPlacement(2000, 80, 1280, 820, false)
        .usableOn(List.of(ONE_SCREEN.getFirst(), new Rectangle2D(1920, 0, 1920, 1050))), "on the second screen");
    assertFalse(new WindowPlacement(100, 80, 300, 200, false).usableOn(ONE_SCREEN), "too small to come back to");
    assertFalse(new WindowPlacement(Double.NaN, Double.NaN, 1280, 820, false).usableOn(ONE_SCREEN), "never shown");
  }

  @Test
  void itSurvivesTheSettingsFileAndADamagedOneIsDropped() {
    WindowPlacement placement = new WindowPlacement(12.5, -3, 1400, 900, true);
    Properties p = new Properties();
    placement.putInto(p);
    assertEquals(Optional.of(placement), WindowPlacement.from(p));
    assertEquals(Optional.empty(), WindowPlacement.from(new Properties()));
    p.setProperty("window.width", "wide");
    assertEquals(Optional.empty(), WindowPlacement.from(p));
    p.remove("window.width");
    assertEquals(Optional.empty(), WindowPlacement.from(p));
  }
}
