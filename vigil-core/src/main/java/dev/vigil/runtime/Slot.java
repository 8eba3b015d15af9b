package dev.vigil.runtime;

import java.util.regex.Pattern;

/**
 * Which of a service's instances a start is for: the {@linkplain #PRIMARY primary} one, which every service has,
 * or a second one beside it (a deployment's new version next to the old). Each slot has its own container, log
 * file and run file, so two slots of one service run at once and stop independently.
 */
public record Slot(String name) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    /** The service's one instance as Vigil has always run it, named as before slots existed. */
    public static final Slot PRIMARY = new Slot("primary");

    public Slot {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a slot name is lower-case letters, digits and dashes: " + name);
        }
    }

    public static Slot of(String name) {
        return new Slot(name);
    }

    public boolean isPrimary() {
        return equals(PRIMARY);
    }

    /**
     * The name of this slot's files and records: the service's own name for the primary, {@code web@next}
     * otherwise ({@code @} is never part of a service name, so the two never meet).
     */
    public String qualify(String service) {
        return isPrimary() ? service : service + "@" + name;
    }
}
