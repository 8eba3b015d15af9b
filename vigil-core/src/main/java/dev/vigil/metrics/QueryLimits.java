package dev.vigil.metrics;

/** How much one select may return; past either limit it is refused with a {@link QueryLimitException}. */
public record QueryLimits(int maxSeries, long maxPoints) {

    public static final QueryLimits DEFAULT = new QueryLimits(10_000, 10_000_000);

    public QueryLimits {
        if (maxSeries < 1 || maxPoints < 1) {
            throw new IllegalArgumentException("query limits must be positive");
        }
    }

    void checkSeries(int series) {
        if (series > maxSeries) {
            throw new QueryLimitException("the selection matches " + series + " series, more than the limit of "
                    + maxSeries + " series per query; narrow the matchers");
        }
    }

    void checkPoints(long points) {
        if (points > maxPoints) {
            throw new QueryLimitException("the selection returns more than the limit of " + maxPoints
                    + " points per query; shorten the range or use a coarser resolution");
        }
    }
}
