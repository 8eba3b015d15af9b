package dev.vigil.alerting;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The rule files that {@code alerting.rule_files} names, found and read. */
public final class RuleFilePatterns {

    private static final String GLOB_CHARS = ".*[*?\\[{].*";

    private RuleFilePatterns() {
    }

    /**
     * The files {@code patterns} name, relative to {@code base}, sorted, each once: a pattern may use glob
     * characters ({@code rules/*.yml}, {@code rules/**}{@code /*.yaml}); a pattern without any that names no
     * file is a problem, a glob that matches nothing is not (as in Prometheus).
     */
    public static List<Path> expand(Path base, List<String> patterns, List<String> problems) {
        Set<Path> out = new TreeSet<>();
        for (String pattern : patterns) {
            Path whole = base.resolve(pattern).normalize();
            if (!pattern.matches(GLOB_CHARS)) {
                if (Files.isRegularFile(whole)) {
                    out.add(whole);
                } else {
                    problems.add(pattern + ": no such rule file (" + whole + ")");
                }
                continue;
            }
            Path dir = whole.getRoot() == null ? Path.of("") : whole.getRoot();
            for (Path part : whole) {
                if (part.toString().matches(GLOB_CHARS)) {
                    break;
                }
                dir = dir.resolve(part);
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).filter(matcher::matches).forEach(out::add);
            } catch (IOException e) {
                problems.add(pattern + ": cannot list " + dir + ": " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** The files {@code patterns} name, each with its text; a file that cannot be read as UTF-8 text is a problem. */
    public static List<AlertingSettings.RuleFile> read(Path base, List<String> patterns, List<String> problems) {
        List<AlertingSettings.RuleFile> out = new ArrayList<>();
        for (Path file : expand(base, patterns, problems)) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                out.add(new AlertingSettings.RuleFile(file,
                        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString()));
            } catch (CharacterCodingException e) {
                problems.add(file + ": not UTF-8 text");
            } catch (IOException e) {
                problems.add(file + ": cannot read: " + e.getMessage());
            }
        }
        return out;
    }
}
