package dev.vigil.notify;

import dev.vigil.alerting.AlertingSettings;
import dev.vigil.stack.AlertingCheck;
import dev.vigil.alerting.ReceiverSettings;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.Problems;
import org.yaml.snakeyaml.Yaml;
import dev.vigil.stack.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The receivers of a loaded stack file, read with their secrets (files and environment variables as they are
     * now) for delivery.
     *
     * @throws dev.vigil.stack.InvalidStackException when a secret can no longer be read
     */
    public static List<Receiver> read(List<ReceiverSettings> settings, Path directory) {
        List<Map<String, Object>> written = new ArrayList<>();
        for (ReceiverSettings r : settings) {
            Map<String, Object> receiver = new LinkedHashMap<>();
            receiver.put("name", r.name());
            r.configs().forEach((kind, configs) -> receiver.put(kind, configs.stream().map(c -> c.values()).toList()));
            written.add(receiver);
        }
        Problems problems = new Problems(directory.resolve("vigil.yaml").toString());
        List<Receiver> out = new ReceiversReader(new NodeReader(problems), directory,
                name -> Optional.ofNullable(System.getenv(name))).receivers(new Yaml().represent(written),
                "alerting.receivers");
        problems.throwIfAny();
        return out;
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
