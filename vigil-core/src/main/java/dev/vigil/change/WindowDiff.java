package dev.vigil.change;

import dev.vigil.stack.Profile;
import dev.vigil.stack.Stack;
import dev.vigil.window.Schedule;
import dev.vigil.window.Window;
import dev.vigil.window.WindowKind;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The windows of two stack files, compared by name: the new file's in its order, then the removed ones. A window's
 * schedule is shown as {@code vigil status} describes it (its {@code from}/{@code to}, {@code days}, {@code cron},
 * {@code months} or {@code dates} under the key {@code windows.NAME}). A window's origin is not compared: every
 * window of a stack file comes from the file.
 */
final class WindowDiff {

    private WindowDiff() {
    }

    static List<WindowChange> between(Stack current, Stack next) {
        List<WindowChange> changes = new ArrayList<>();
        for (Window after : next.windows()) {
            Optional<Window> before = find(current, after.name());
            if (before.isEmpty()) {
                changes.add(new WindowChange(after.name(), WindowChange.Kind.ADDED, List.of()));
            } else if (!before.get().equals(after)) {
                changes.add(new WindowChange(after.name(), WindowChange.Kind.CHANGED, keys(before.get(), after)));
            }
        }
        for (Window before : current.windows()) {
            if (find(next, before.name()).isEmpty()) {
                changes.add(new WindowChange(before.name(), WindowChange.Kind.REMOVED, List.of()));
            }
        }
        return changes;
    }

    /** The profiles of two stack files, compared by name as windows are. */
    static List<WindowChange> profiles(Stack current, Stack next) {
        List<WindowChange> changes = new ArrayList<>();
        for (Profile after : next.profiles()) {
            Optional<Profile> before = current.profile(after.name());
            if (before.isEmpty()) {
                changes.add(new WindowChange(after.name(), WindowChange.Kind.ADDED, List.of()));
            } else if (!before.get().equals(after)) {
                String at = "profiles." + after.name();
                List<KeyChange> keys = new ArrayList<>();
                key(keys, at + ".window", before.get().window(), after.window(), Shown::string);
                key(keys, at + ".services", before.get().services(), after.services(), Shown::names);
                if (!before.get().digest().equals(after.digest())) {
                    // Equal settings text with another digest: only a masked secret changed (shown as hidden).
                    keys.add(new KeyChange(at + ".set", before.get().settings(), after.settings(), Effect.LIVE));
                }
                changes.add(new WindowChange(after.name(), WindowChange.Kind.CHANGED, keys));
            }
        }
        for (Profile before : current.profiles()) {
            if (next.profile(before.name()).isEmpty()) {
                changes.add(new WindowChange(before.name(), WindowChange.Kind.REMOVED, List.of()));
            }
        }
        return changes;
    }

    private static Optional<Window> find(Stack stack, String name) {
        return stack.windows().stream().filter(w -> w.name().equals(name)).findFirst();
    }

    private static List<KeyChange> keys(Window before, Window after) {
        String at = "windows." + after.name();
        List<KeyChange> keys = new ArrayList<>();
        key(keys, at + ".kind", before.kind(), after.kind(), WindowKind::yamlName);
        key(keys, at, before.schedule(), after.schedule(), Schedule::describe);
        key(keys, at + ".zone", before.zone(), after.zone(), ZoneId::getId);
        key(keys, at + ".services", before.services(), after.services(), Shown::names);
        key(keys, at + ".reason", before.reason(), after.reason(), r -> Shown.optional(r, Shown::string));
        return keys;
    }

    private static <T> void key(List<KeyChange> keys, String key, T was, T is, Function<T, String> show) {
        if (!Objects.equals(was, is)) {
            keys.add(new KeyChange(key, show.apply(was), show.apply(is), Effect.LIVE));
        }
    }
}
