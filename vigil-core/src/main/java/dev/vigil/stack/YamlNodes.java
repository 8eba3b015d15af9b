package dev.vigil.stack;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reading YAML files into nodes, and small facts about SnakeYAML nodes that messages need (vigil.yaml and Compose). */
public final class YamlNodes {

    /** Where a file cannot be parsed as YAML, and why. */
    @FunctionalInterface
    public interface ParseProblem {
        void at(int line, int column, String message);
    }

    private static final int MAX_SHOWN = 40;

    private YamlNodes() {
    }

    /** {@code key: } with nothing after it, or {@code ~} / {@code null}. */
    public static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** What a node is, for "expected X, found Y": {@code a map}, {@code a list}, {@code an empty value}, {@code `abc`}. */
    public static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "an empty value";
        }
        return quote(((ScalarNode) node).getValue());
    }

    /** A map key's name: its text, or what it is when it is not text (a list written as a key). */
    public static String keyName(Node key) {
        return key instanceof ScalarNode s ? s.getValue() : describe(key);
    }

    /** User text in backticks, shortened when long so one problem stays on one line. */
    public static String quote(String text) {
        String oneLine = text.replace("\n", "\\n");
        if (oneLine.length() > MAX_SHOWN) {
            oneLine = oneLine.substring(0, MAX_SHOWN - 3) + "...";
        }
        return "`" + oneLine + "`";
    }

    /** The text of a YAML file; one that is not there, not UTF-8 or not readable is a problem naming the file. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw fileProblem(file, "file not found");
        } catch (CharacterCodingException e) {
            throw fileProblem(file, "not UTF-8 text");
        } catch (IOException e) {
            throw fileProblem(file, "cannot read the file: " + e.getMessage());
        }
    }

    private static InvalidStackException fileProblem(Path file, String message) {
        return new InvalidStackException(List.of(new Problem(file.toString(), 1, 1, "", message)));
    }

    /** The node tree of a YAML text (empty for an empty text); a text that is not YAML is a problem at its place. */
    public static Optional<Node> compose(String text, ParseProblem problem) {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        try {
            return Optional.ofNullable(new Yaml(options).compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            // SnakeYAML's own phrasing reads as "<context> at line N, <problem>", e.g. "while parsing a flow
            // sequence at line 3, expected ',' or ']', but got <stream end>".
            String context = e.getContext() != null && e.getContextMark() != null
                    ? e.getContext() + " at line " + (e.getContextMark().getLine() + 1) + ", "
                    : "";
            String message = "invalid YAML: " + context + e.getProblem();
            if (mark == null) {
                problem.at(1, 1, message);
            } else {
                problem.at(mark.getLine() + 1, mark.getColumn() + 1, message);
            }
        } catch (YAMLException e) {
            problem.at(1, 1, "invalid YAML: " + e.getMessage());
        }
        return Optional.empty();
    }
}
