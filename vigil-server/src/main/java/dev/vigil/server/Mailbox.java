package dev.vigil.server;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue between one producer that must never wait (the event writer) and one stream's writer.
 * A full mailbox refuses; a closed one wakes its reader at once.
 */
final class Mailbox<T> {

    private final int capacity;
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private boolean closed;

    Mailbox(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an item unless the mailbox is full or closed; never blocks beyond the lock. */
    boolean offer(T item) {
        lock.lock();
        try {
            if (closed || items.size() >= capacity) {
                return false;
            }
            items.add(item);
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued, waiting up to {@code wait} for the first item; empty on timeout or when closed. */
    List<T> take(Duration wait) throws InterruptedException {
        long left = wait.toNanos();
        lock.lock();
        try {
            while (items.isEmpty() && !closed && left > 0) {
                left = ready.awaitNanos(left);
            }
            List<T> out = new ArrayList<>(items);
            items.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code wait} unless closed first; true if closed. */
    boolean awaitClosed(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long left = wait.toNanos();
            while (!closed && left > 0) {
                left = ready.awaitNanos(left);
            }
            return closed;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
