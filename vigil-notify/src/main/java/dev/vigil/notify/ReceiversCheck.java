package dev.vigil.notify;

import dev.vigil.alerting.AlertingSettings;
import dev.vigil.stack.AlertingCheck;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads every receiver config of a stack file as delivery will, secrets included, so that a missing secret file or a
 * bad URL is a problem when the file is loaded, not when the first page fails.
 */
public final class ReceiversCheck implements AlertingCheck {

    // The core reads the receivers' names and kinds itself; this check adds what is inside each config.
    private static final Pattern INSIDE_CONFIG = Pattern.compile(".*_configs\\[\\d+].*");

    @Override
    public void check(AlertingSettings settings, Node node, NodeReader reader, Path directory) {
        receiversNode(node).ifPresent(list -> {
            NodeReader inside = new NodeReader((at, path, message) -> {
                if (INSIDE_CONFIG.matcher(path).matches()) {
                    reader.problem(at, path, message);
                }
            });
            new ReceiversReader(inside, directory, name -> Optional.ofNullable(System.getenv(name)))
                    .receivers(list, "alerting.receivers");
        });
    }

    /** The receivers a stack file's {@code alerting:} section sets, read with their secrets. */
    public static List<Receiver> read(Node alerting, Path directory, NodeReader reader) {
        return receiversNode(alerting).map(list -> new ReceiversReader(reader, directory,
                name -> Optional.ofNullable(System.getenv(name))).receivers(list, "alerting.receivers"))
                .orElse(List.of());
    }

    private static Optional<Node> receiversNode(Node alerting) {
        if (alerting instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if ("receivers".equals(YamlNodes.keyName(t.getKeyNode()))) {
                    return Optional.of(t.getValueNode());
                }
            }
        }
        return Optional.empty();
    }
}
