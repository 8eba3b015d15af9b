package dev.vigil.cli;

/** Values over time as one line of block characters, ▁ lowest to █ highest, a space where there is no value. */
final class Sparkline {

    private static final String BLOCKS = "▁▂▃▄▅▆▇█";

    private Sparkline() {
    }

    /**
     * Points on a grid of steps from {@code startMs} to {@code endMs}, squeezed into at most {@code width}
     * characters: the points falling into one character are averaged.
     */
    static String draw(long[] times, double[] values, long startMs, long endMs, long stepMs, int width) {
        long slots = Math.max(1, (endMs - startMs) / stepMs + 1);
        int columns = (int) Math.min(width, slots);
        double[] sum = new double[columns];
        int[] count = new int[columns];
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(values[i])) {
                continue;
            }
            long slot = Math.floorDiv(times[i] - startMs, stepMs);
            int column = (int) Math.max(0, Math.min(columns - 1, slot * columns / slots));
            sum[column] += values[i];
            count[column]++;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < columns; c++) {
            if (count[c] > 0) {
                lo = Math.min(lo, sum[c] / count[c]);
                hi = Math.max(hi, sum[c] / count[c]);
            }
        }
        StringBuilder line = new StringBuilder(columns);
        for (int c = 0; c < columns; c++) {
            if (count[c] == 0) {
                line.append(' ');
                continue;
            }
            double v = sum[c] / count[c];
            int level = hi > lo ? (int) Math.round((v - lo) / (hi - lo) * (BLOCKS.length() - 1)) : 0;
            line.append(BLOCKS.charAt(level));
        }
        return line.toString();
    }
}
