package dev.gpsreplay.replayer.replay;

import java.util.Arrays;

/**
 * One column of a {@link CompactTrack}: a primitive array, never an object per value. A value is a
 * double, or NaN where the track recorded none.
 *
 * <p>Most optional GPS measurements have few decimals (accuracy 4.0, hdop 0.8, 14 satellites), so a
 * column whose every value is {@code n / 10^k} exactly (the double the CSV text parsed to) keeps
 * {@code n} as an int: half the memory of a double, and decoding by one division gives back the very
 * same double (both are the correctly rounded value of the decimal). Other columns stay doubles.
 */
abstract sealed class Column {

    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    private static final Column ABSENT = new Absent();

    /** The value at {@code index}, NaN for none. */
    abstract double get(int index);

    /** Bytes the column holds (for the memory figures in logs and tests). */
    abstract long bytes();

    /** The most compact column holding exactly these values (NaN: none). */
    static Column of(double[] values) {
        if (Arrays.stream(values).allMatch(Double::isNaN)) {
            return ABSENT;
        }
        for (int k = 0; k < POW10.length; k++) {
            int[] scaled = scaled(values, k);
            if (scaled != null) {
                return new Scaled(scaled, POW10[k]);
            }
        }
        return new Doubles(values.clone());
    }

    /** The values as {@code n / 10^k} ints, or null when one of them is not exactly that. */
    private static int[] scaled(double[] values, int k) {
        int[] scaled = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                scaled[i] = Scaled.NONE;
                continue;
            }
            double n = Math.rint(v * POW10[k]);
            if (Math.abs(n) >= Integer.MAX_VALUE || n / POW10[k] != v || (v == 0 && 1 / v < 0)) {
                return null;
            }
            scaled[i] = (int) n;
        }
        return scaled;
    }

    private static final class Absent extends Column {
        @Override
        double get(int index) {
            return Double.NaN;
        }

        @Override
        long bytes() {
            return 0;
        }
    }

    private static final class Scaled extends Column {
        static final int NONE = Integer.MIN_VALUE;
        private final int[] values;
        private final double divisor;

        Scaled(int[] values, double divisor) {
            this.values = values;
            this.divisor = divisor;
        }

        @Override
        double get(int index) {
            int v = values[index];
            return v == NONE ? Double.NaN : v / divisor;
        }

        @Override
        long bytes() {
            return 4L * values.length;
        }
    }

    private static final class Doubles extends Column {
        private final double[] values;

        Doubles(double[] values) {
            this.values = values;
        }

        @Override
        double get(int index) {
            return values[index];
        }

        @Override
        long bytes() {
            return 8L * values.length;
        }
    }
}
