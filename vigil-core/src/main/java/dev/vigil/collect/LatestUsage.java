package dev.vigil.collect;

import java.util.List;
import java.util.Optional;

/** The latest usage a collector has seen, for live views; the history is in the metric store. */
public interface LatestUsage {

    /** Every service with an instance at the last collection, sorted by name. */
    List<ServiceUsage> services();

    /** The one service's entry in {@link #services()}. */
    default Optional<ServiceUsage> service(String name) {
        return services().stream().filter(u -> u.service().equals(name)).findFirst();
    }

    Optional<HostUsage> host();

    /** Nothing collected. */
    LatestUsage NONE = new LatestUsage() {
        @Override
        public List<ServiceUsage> services() {
            return List.of();
        }

        @Override
        public Optional<HostUsage> host() {
            return Optional.empty();
        }
    };
}
