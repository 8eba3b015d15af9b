package dev.vigil.alerting.rules;

import dev.vigil.alerting.AlertingSettings;
import dev.vigil.stack.AlertingCheck;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.nio.file.Path;

/**
 * Reads the rule files a stack file names as the evaluator will: each problem (with the rule file's own
 * file:line:column) is a problem of the stack file at {@code alerting.rule_files}, so nothing is applied from a
 * broken rule file and the rules running before are kept.
 */
public final class RuleFilesCheck implements AlertingCheck {

    @Override
    public void check(AlertingSettings settings, Node node, NodeReader reader, Path directory) {
        Node at = keyNode(node, "rule_files");
        RuleFiles files = RuleChecks.files();
        for (AlertingSettings.RuleFile file : settings.rules()) {
            for (String problem : files.parse(file.path(), file.text()).problems()) {
                reader.problem(at, "alerting.rule_files", problem);
            }
        }
        for (String name : new java.util.TreeSet<>(settings.disabledBuiltins())) {
            if (!BuiltinRules.NAMES.contains(name)) {
                reader.problem(keyNode(node, "builtin_rules"), "alerting.builtin_rules." + name, "no built-in rule named `"
                        + name + "`; they are " + String.join(", ", BuiltinRules.NAMES));
            }
        }
    }

    private static Node keyNode(Node alerting, String key) {
        if (alerting instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(YamlNodes.keyName(t.getKeyNode()))) {
                    return t.getValueNode();
                }
            }
        }
        return alerting;
    }
}
