package io.connectexporter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Sample values are written as {@link Double#toString} writes them (what the client library's
 * writers do), though integral ones take a shorter path: the two must never differ, at the edges
 * (negative zero, the 1e7 switch to exponent notation, NaN, infinities) and anywhere else.
 */
class ExpositionFormatTest {

  @Test
  void valuesAreWrittenAsDoubleToStringWritesThem() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.5,
                -0.5,
                1.5e-7,
                9_999_999.0,
                -9_999_999.0,
                9_999_999.5,
                1e7,
                -1e7,
                1e7 + 1,
                12_345_678_912_345.0,
                (double) Long.MAX_VALUE,
                (double) Long.MIN_VALUE,
                1e300,
                Double.MIN_VALUE,
                Double.MAX_VALUE,
                Double.NaN));
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      values.add((double) random.nextLong(-20_000_000L, 20_000_000L));
      values.add(random.nextDouble(-2e7, 2e7));
      values.add(Double.longBitsToDouble(random.nextLong()));
    }
    for (double v : values) {
      StringBuilder b = new StringBuilder();
      ExpositionFormat.value(v, b);
      assertEquals(Double.toString(v), b.toString(), "value " + v);
    }
  }

  @Test
  void infinitiesAreSpelledAsBothFormatsSpellThem() {
    for (double v : new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      StringBuilder b = new StringBuilder();
      ExpositionFormat.value(v, b);
      assertEquals(v > 0 ? "+Inf" : "-Inf", b.toString());
    }
  }
}
