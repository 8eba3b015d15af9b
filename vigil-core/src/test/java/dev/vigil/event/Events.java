package dev.vigil.event;

import dev.vigil.event.ServiceEvent.GaveUp;
import dev.vigil.event.ServiceEvent.InstanceExited;
import dev.vigil.event.ServiceEvent.InstanceStarted;
import dev.vigil.event.ServiceEvent.MemoryLimitExceeded;
import dev.vigil.event.ServiceEvent.ProbeChanged;
import dev.vigil.event.ServiceEvent.RecoveryAttempted;
import dev.vigil.event.ServiceEvent.RestartScheduled;
import dev.vigil.event.ServiceEvent.StartFailed;
import dev.vigil.event.ServiceEvent.StateChanged;
import dev.vigil.event.StackEvent.StackStarted;
import dev.vigil.event.StackEvent.StackStarting;
import dev.vigil.event.StackEvent.StackStopped;
import dev.vigil.event.StackEvent.StackStopping;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Test builders for events: a readable factory for the common records, and {@link #sampleOf} for any record in
 * the sealed hierarchy, so tests that must cover every event type need no list to keep up to date.
 */
public final class Events {

    /** A time with nanoseconds, so stores that drop precision are caught. */
    public static final Instant T0 = Instant.parse("2026-01-15T10:00:00.123456789Z");
    public static final String STACK = "shop";

    private Events() {
    }

    public static StackStarting stackStarting() {
        return new StackStarting(T0, STACK, "/srv/shop/vigil.yaml", 3);
    }

    public static StackStarted stackStarted() {
        return new StackStarted(T0, STACK, 1200);
    }

    public static StackStopping stackStopping() {
        return new StackStopping(T0, STACK, "SIGTERM");
    }

    public static StackStopped stackStopped() {
        return new StackStopped(T0, STACK, 800);
    }

    public static StateChanged stateChanged(String service) {
        return new StateChanged(T0, service, "starting", "running", "");
    }

    public static InstanceStarted started(String service) {
        return new InstanceStarted(T0, service, service + "-1", 4242, 0);
    }

    public static StartFailed startFailed(String service) {
        return new StartFailed(T0, service, "no such file: ./" + service);
    }

    public static InstanceExited exited(String service) {
        return new InstanceExited(T0, service, service + "-1", 1, 0, "exited with code 1", 90_000, false,
                List.of("Exception in thread \"main\"", "\tat Main.main(Main.java:3)"));
    }

    public static ProbeChanged probeChanged(String service) {
        return new ProbeChanged(T0, service, "http", "healthy", "unhealthy", "503 in 12ms");
    }

    public static RestartScheduled restartScheduled(String service) {
        return new RestartScheduled(T0, service, Cause.CRASH, "crashed", 2, 2_000, 2, "10m");
    }

    public static RecoveryAttempted recoveryAttempted(String service) {
        return new RecoveryAttempted(T0, service, "SIGHUP", "healthy again");
    }

    public static MemoryLimitExceeded memoryLimitExceeded(String service) {
        return new MemoryLimitExceeded(T0, service, 600L << 20, 512L << 20, 3);
    }

    public static GaveUp gaveUp(String service) {
        return new GaveUp(T0, service, 5, "10m", "exited with code 1", List.of("boom"));
    }

    /** The same event at another time. */
    public static <E extends Event> E at(Instant at, E event) {
        return with(event, "at", at);
    }

    /** Every record that is an {@link Event}, found through {@link Class#getPermittedSubclasses()}. */
    public static List<Class<? extends Event>> recordTypes() {
        Set<Class<? extends Event>> found = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(Event.class));
        while (!pending.isEmpty()) {
            Class<?> type = pending.removeFirst();
            if (type.isRecord()) {
                found.add(type.asSubclass(Event.class));
            } else if (type.isSealed()) {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                throw new IllegalStateException(type.getName() + " is neither a record nor sealed");
            }
        }
        return List.copyOf(found);
    }

    /** One sample of every event record, all at {@link #T0}, service events for {@code service}. */
    public static List<Event> samples(String service) {
        return recordTypes().stream().<Event>map(type -> sampleOf(type, T0, service)).toList();
    }

    /**
     * An instance of any event record: {@code at} and {@code service} as given, every other component a
     * distinct non-default value, so a store that swaps or drops one is caught.
     */
    public static <E extends Event> E sampleOf(Class<E> type, Instant at, String service) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            if (c.getName().equals("at") && c.getType() == Instant.class) {
                values[i] = at;
            } else if (c.getName().equals("service") && c.getType() == String.class) {
                values[i] = service;
            } else {
                values[i] = valueFor(c.getGenericType(), c.getName(), i + 1, type);
            }
        }
        return construct(type, components, values);
    }

    private static Object valueFor(Type generic, String name, int n, Class<?> owner) {
        Class<?> raw = generic instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) generic;
        if (raw == String.class) {
            return name + "-" + n;
        } else if (raw == int.class || raw == Integer.class) {
            return 10 + n;
        } else if (raw == long.class || raw == Long.class) {
            return 100_000L + n;
        } else if (raw == boolean.class || raw == Boolean.class) {
            return true;
        } else if (raw == double.class || raw == Double.class) {
            return n + 0.25;
        } else if (raw == Instant.class) {
            return T0.plusSeconds(n).plusNanos(n);
        } else if (raw == Duration.class) {
            return Duration.ofMillis(250L * n);
        } else if (raw.isEnum()) {
            Object[] constants = raw.getEnumConstants();
            return constants[constants.length - 1];
        } else if (raw.isRecord()) {
            return nested(raw, n);
        } else if (generic instanceof ParameterizedType p && raw == Optional.class) {
            return Optional.of(valueFor(p.getActualTypeArguments()[0], name, n, owner));
        } else if (generic instanceof ParameterizedType p && raw == List.class) {
            Type element = p.getActualTypeArguments()[0];
            return List.of(valueFor(element, name, n, owner), valueFor(element, name, n + 100, owner));
        } else if (generic instanceof ParameterizedType p && raw == Set.class) {
            return Set.of(valueFor(p.getActualTypeArguments()[0], name, n, owner));
        }
        throw new IllegalStateException("Events.sampleOf cannot make a " + generic.getTypeName() + " for "
                + owner.getSimpleName() + "." + name + ": teach Events.valueFor that type");
    }

    private static Object nested(Class<?> record, int n) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = valueFor(components[i].getGenericType(), components[i].getName(), n * 10 + i, record);
        }
        return construct(record, components, values);
    }

    @SuppressWarnings("unchecked")
    private static <E> E with(E record, String component, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean replaced = false;
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                values[i] = value;
                replaced = true;
            } else {
                try {
                    values[i] = components[i].getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        if (!replaced) {
            throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no component " + component);
        }
        return (E) construct(record.getClass(), components, values);
    }

    private static <T> T construct(Class<T> type, RecordComponent[] components, Object[] values) {
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            Constructor<T> canonical = type.getDeclaredConstructor(parameterTypes);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Events could not build a " + type.getSimpleName() + ": "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Events could not build a " + type.getSimpleName(), e);
        }
    }
}
