package dev.vigil.change;

import dev.vigil.stack.Stack;

import java.util.List;

/**
 * The windows of two stack files, compared by name. A stack file declares no windows yet, so a plan's window
 * section is empty; this is where the comparison goes when {@link Stack} carries them.
 */
final class WindowDiff {

    private WindowDiff() {
    }

    static List<WindowChange> between(Stack current, Stack next) {
        return List.of();
    }
}
