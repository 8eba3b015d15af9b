package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * What {@code vigil apply} and {@code vigil diff} share: the daemon, the edited stack file, and sending it to be
 * planned or applied. Each command declares its own options, so that {@code vigil diff --help} lists only its own.
 */
abstract class StackFileCommand implements Callable<Integer> {

    /** Replacements wait for readiness: start period plus failure threshold, plus a rollback. */
    static final Duration APPLY_TIMEOUT = Duration.ofMinutes(15);

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The edited stack file (default: the one the daemon runs).")
    Path file;

    /** Only plan: nothing changes. */
    abstract boolean planOnly();

    /** Why, for the history and the audit trail; null when not given. */
    abstract String reason();

    abstract boolean override();

    abstract boolean noRollback();

    @Override
    public Integer call() {
        if (override() && (reason() == null || reason().isBlank())) {
            throw new InvalidInput("--override needs --reason \"...\": an override goes on the record");
        }
        if (reason() != null && reason().length() > 500) {
            throw new InvalidInput("--reason is longer than 500 characters");
        }
        if (file != null && target.file == null) {
            target.file = file;
        }
        ApiClient client = target.client();
        Path stackFile = file != null ? file.toAbsolutePath()
                : Path.of(client.get("/api/v1/stack").path("file").asText());
        if (StackFiles.isCompose(stackFile)) {
            throw new InvalidInput(stackFile + " is a Compose file: apply works on vigil.yaml (vigil convert writes"
                    + " one); a Compose stack is changed with vigil down and vigil up");
        }
        PrintWriter err = spec.commandLine().getErr();
        StackFiles.load(stackFile, err); // every problem, as vigil validate prints them, before anything is sent
        String text;
        try {
            text = Files.readString(stackFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stackFile, e);
        }
        StringBuilder query = new StringBuilder("?dry_run=").append(planOnly());
        if (reason() != null) {
            query.append("&reason=").append(URLEncoder.encode(reason(), StandardCharsets.UTF_8));
        }
        if (override()) {
            query.append("&override=true");
        }
        if (noRollback()) {
            query.append("&rollback=false");
        }
        JsonNode answer = client.postText("/api/v1/stack/apply" + query, "application/yaml", text, APPLY_TIMEOUT);
        PrintWriter out = spec.commandLine().getOut();
        out.print(answer.path("plan").asText());
        String result = answer.path("result").asText();
        JsonNode version = answer.path("version");
        switch (result) {
            case "applied" -> out.println("Applied as version " + version.path("number").asText() + ".");
            case "rolled_back" -> err.println("vigil: rolled back: " + answer.path("detail").asText()
                    + "; version " + version.path("number").asText() + " is recorded as rolled back");
            case "failed" -> err.println("vigil: " + answer.path("detail").asText() + "; kept as version "
                    + version.path("number").asText() + " (--no-rollback)");
            default -> { } // dry_run, no_changes: the plan says it all
        }
        out.flush();
        err.flush();
        return result.equals("rolled_back") || result.equals("failed") ? ExitCodes.FAILURE : ExitCodes.OK;
    }

}
