package dev.vigil.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal. */
final class Terminal {

    private Terminal() {
    }

    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // Since Java 22 System.console() may exist without a terminal; isTerminal() then tells.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
