package dev.concert.queue;

/** Spearman's rank correlation of two rankings without ties (ranks given directly). */
final class Ranks {
  private Ranks() {}

  static double spearman(double[] a, double[] b) {
    int n = a.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = a[i] - b[i];
      sum += d * d;
    }
    return 1 - 6 * sum / ((double) n * ((double) n * n - 1));
  }
}
