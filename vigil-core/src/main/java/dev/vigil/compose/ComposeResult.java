package dev.vigil.compose;

import dev.vigil.stack.Stack;
import java.util.List;

/** A Compose file as a Vigil stack, with what did not carry over. */
public record ComposeResult(Stack stack, List<Warning> warnings) {

    public ComposeResult {
        warnings = List.copyOf(warnings);
    }
}
