package dev.vigil.gate;

import dev.vigil.window.Once;
import dev.vigil.window.Window;
import dev.vigil.window.WindowKind;
import dev.vigil.window.WindowOrigin;

/** An added window as the calendar holds it: a one-off schedule, origin {@code runtime}. */
final class AddedWindows {

    private AddedWindows() {
    }

    /** @throws IllegalArgumentException for an unknown kind, an end not after the start, a local time that does not exist */
    static Window toWindow(AddedWindow w) {
        WindowKind kind = WindowKind.fromYaml(w.kind()).orElseThrow(() ->
                new IllegalArgumentException("kind must be freeze or maintenance, got " + w.kind()));
        if (!w.to().isAfter(w.from())) {
            throw new IllegalArgumentException("the window must end after it starts (from " + Once.FORMAT.format(w.from())
                    + ", to " + Once.FORMAT.format(w.to()) + ")");
        }
        return new Window(w.name(), kind, new Once(w.from(), w.to()), w.zone(), w.services(), w.reasonIfAny(),
                WindowOrigin.RUNTIME);
    }
}
