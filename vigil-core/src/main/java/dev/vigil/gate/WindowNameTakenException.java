package dev.vigil.gate;

/** An added window's name is taken by one still in place (in the file, or added before). */
public final class WindowNameTakenException extends RuntimeException {

    public WindowNameTakenException(String name) {
        super("a window named '" + name + "' is already in place; end it first or choose another name");
    }
}
