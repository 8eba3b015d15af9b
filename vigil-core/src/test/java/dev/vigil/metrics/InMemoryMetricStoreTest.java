package dev.vigil.metrics;

import java.nio.file.Path;

class InMemoryMetricStoreTest extends MetricStoreContract {

    @Override
    protected MetricStore openStore(Path dir, QueryLimits limits) {
        return new InMemoryMetricStore(limits);
    }

    @Override
    protected boolean persistent() {
        return false;
    }
}
