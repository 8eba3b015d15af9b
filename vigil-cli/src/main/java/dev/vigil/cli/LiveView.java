package dev.vigil.cli;

import dev.vigil.event.StoredEvent;
import dev.vigil.stack.Durations;
import dev.vigil.supervise.ServiceState;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.supervise.StackSupervisor;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The status table a terminal shows while the stack runs, redrawn in place, with the latest events below. */
final class LiveView implements AutoCloseable {

    private static final int EVENT_LINES = 12;
    private static final Duration REFRESH = Duration.ofMillis(500);
    /** Moves the cursor home and clears the screen: each frame is drawn in place. */
    static final String CLEAR = "\033[H\033[2J";

    private final StackSupervisor stack;
    private final PrintStream out;
    private final EventLines lines;
    private final Deque<String> recent = new ArrayDeque<>();
    private final Thread painter;
    private volatile boolean running = true;

    LiveView(StackSupervisor stack, PrintStream out, EventLines lines) {
        this.stack = stack;
        this.out = out;
        this.lines = lines;
        this.painter = Thread.ofPlatform().daemon(true).name("vigil-live-view").start(this::paintLoop);
    }

    void onEvent(StoredEvent event) {
        synchronized (recent) {
            recent.addLast(lines.plain(event));
            while (recent.size() > EVENT_LINES) {
                recent.removeFirst();
            }
        }
    }

    private void paintLoop() {
        while (running) {
            paint(true);
            try {
                Thread.sleep(REFRESH.toMillis()); // a display refresh rate, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void paint(boolean clear) {
        StringBuilder b = new StringBuilder();
        if (clear) {
            b.append(CLEAR);
        }
        b.append("vigil · stack ").append(stack.stack().name()).append(" · ").append(stack.stack().file())
                .append("   (Ctrl-C stops everything)\n\n");
        b.append(table(stack.statuses(), Instant.now()));
        b.append("\nrecent events\n");
        synchronized (recent) {
            recent.forEach(l -> b.append("  ").append(l).append('\n'));
        }
        out.print(b);
        out.flush();
    }

    static String table(List<ServiceStatus> statuses, Instant now) {
        StringBuilder b = new StringBuilder(String.format("%-16s %-11s %-9s %8s %9s %8s  %s%n",
                "SERVICE", "STATE", "HEALTH", "RESTARTS", "UPTIME", "PID", "REASON"));
        for (ServiceStatus s : statuses) {
            String uptime = s.startedAt().map(t -> Durations.format(trim(Duration.between(t, now)))).orElse("-");
            b.append(String.format("%-16s %s%-11s%s %-9s %8d %9s %8s  %s%n", s.name(), color(s.state()),
                    s.state().label(), "\033[0m", s.hasProbes() ? s.health().label() : "-", s.restarts(), uptime,
                    s.pid().isPresent() ? Long.toString(s.pid().getAsLong()) : "-", shorten(s.reason(), 60)));
        }
        return b.toString();
    }

    private static Duration trim(Duration d) {
        return Duration.ofSeconds(Math.max(0, d.toSeconds()));
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String color(ServiceState state) {
        return switch (state) {
            case HEALTHY, RUNNING -> "\033[32m";
            case STARTING, PENDING, BACKOFF, RECOVERING, RESTARTING -> "\033[33m";
            case UNHEALTHY, FAILED -> "\033[31m";
            default -> "\033[0m";
        };
    }

    @Override
    public void close() {
        running = false;
        painter.interrupt();
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paint(true);
    }
}
