package dev.vigil.change;

import dev.vigil.stack.ServiceSpec;

import java.util.List;

/** What an apply does to one service, with the specs it needs to do it. */
public sealed interface ServiceChange {

    String name();

    /** In the new stack file only: started. */
    record Added(ServiceSpec spec) implements ServiceChange {
        @Override
        public String name() {
            return spec.name();
        }
    }

    /** In the running stack only: stopped. */
    record Removed(ServiceSpec spec) implements ServiceChange {
        @Override
        public String name() {
            return spec.name();
        }
    }

    /** In both, with at least one key changed. */
    record Changed(ServiceSpec before, ServiceSpec after, List<KeyChange> keys) implements ServiceChange {

        public Changed {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a changed service needs at least one changed key");
            }
            keys = List.copyOf(keys);
        }

        @Override
        public String name() {
            return after.name();
        }

        /** {@link Effect#REPLACE} when any key needs a new instance, else {@link Effect#LIVE}. */
        public Effect effect() {
            return keys.stream().anyMatch(k -> k.effect() == Effect.REPLACE) ? Effect.REPLACE : Effect.LIVE;
        }

        /** The keys that force the replacement; empty for a live change. */
        public List<KeyChange> replacing() {
            return keys.stream().filter(k -> k.effect() == Effect.REPLACE).toList();
        }
    }

    /** In both, the same. */
    record Unchanged(ServiceSpec spec) implements ServiceChange {
        @Override
        public String name() {
            return spec.name();
        }
    }
}
