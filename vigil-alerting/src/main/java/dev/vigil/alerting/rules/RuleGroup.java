package dev.vigil.alerting.rules;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A group of a rule file: its rules run in order, every {@code interval} (the default when not set).
 *
 * @param limit the most alerts (or recorded series) one evaluation of a rule may give; 0 for no limit
 */
public record RuleGroup(Path file, String name, Optional<Duration> interval, int limit, List<RuleDefinition> rules) {

    public RuleGroup {
        rules = List.copyOf(rules);
    }
}
