package dev.concert.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Prometheus text exposition read into "name{labels}" → value (test support). */
record PrometheusText(String text, Map<String, Double> series) {

  static PrometheusText parse(String text) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new PrometheusText(text, Map.copyOf(series));
  }

  /** The value of an unlabelled series, 0 when absent (a counter not incremented yet). */
  double value(String name) {
    return series.getOrDefault(name, 0.0);
  }

  /** The sum over every series of {@code name} whose labels contain all of {@code labels} ("k=\"v\""). */
  double sum(String name, String... labels) {
    double total = 0;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String key = e.getKey();
      boolean sameName = key.equals(name) || key.startsWith(name + "{");
      if (!sameName) {
        continue;
      }
      boolean all = true;
      for (String label : labels) {
        all &= key.contains(label);
      }
      if (all) {
        total += e.getValue();
      }
    }
    return total;
  }
}
