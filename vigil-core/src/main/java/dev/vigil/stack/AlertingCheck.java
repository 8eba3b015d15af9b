package dev.vigil.stack;

import dev.vigil.alerting.AlertingSettings;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Checks of the {@code alerting:} section that the core cannot make itself: the rule files' contents (the PromQL
 * module knows the language) and the receivers' configs (the notifier knows each kind). Modules plug theirs in
 * through {@link ServiceLoader}; each reports its problems through {@code reader}, so that a stack file's every
 * problem is listed together, wherever it is loaded (vigil up, check, apply, the API).
 */
public interface AlertingCheck {

    /**
     * @param settings the section as read
     * @param node the section's YAML node, for problems at a line
     * @param directory the stack file's directory, which relative paths in the section start from
     */
    void check(AlertingSettings settings, Node node, NodeReader reader, java.nio.file.Path directory);

    /** The checks on the class path. */
    static List<AlertingCheck> installed() {
        return Holder.CHECKS;
    }

    /** Loaded once: the class path does not change while Vigil runs. */
    final class Holder {
        private static final List<AlertingCheck> CHECKS = ServiceLoader.load(AlertingCheck.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        private Holder() {
        }
    }
}
