package dev.vigil.promql;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every src/test/resources/promql/*.test script, each eval a test named file:line. */
class PromqlScriptTest {

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path dir = Path.of(PromqlScriptTest.class.getResource("/promql").toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        return files.stream().flatMap(file -> {
            PromqlScript script;
            try {
                script = PromqlScript.parse(Files.readString(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return script.evals().stream().map(eval -> {
                String name = file.getFileName() + ":" + eval.line();
                return DynamicTest.dynamicTest(name, () -> {
                    try {
                        script.run(eval);
                    } catch (AssertionError e) {
                        throw new AssertionError(name + " " + eval.query() + ": " + e.getMessage(), e);
                    }
                });
            });
        });
    }
}
