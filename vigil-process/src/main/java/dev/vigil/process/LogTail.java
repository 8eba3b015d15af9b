package dev.vigil.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The last lines an instance wrote, kept in memory within a line and a character budget. */
final class LogTail {

    static final int DEFAULT_LINES = 200; // events carry the last 10; a few hundred services share the heap
    static final int DEFAULT_CHARS = 128 * 1024;

    private final int maxLines;
    private final int maxChars;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private long chars;

    LogTail() {
        this(DEFAULT_LINES, DEFAULT_CHARS);
    }

    LogTail(int maxLines, int maxChars) {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    synchronized void add(String line) {
        lines.addLast(line);
        chars += line.length();
        while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
            chars -= lines.removeFirst().length();
        }
    }

    /** Up to {@code max} of the newest lines, oldest first. */
    synchronized List<String> last(int max) {
        int n = Math.max(0, Math.min(max, lines.size()));
        List<String> out = new ArrayList<>(n);
        Iterator<String> newestFirst = lines.descendingIterator();
        for (int i = 0; i < n; i++) {
            out.add(newestFirst.next());
        }
        return List.copyOf(out.reversed());
    }
}
