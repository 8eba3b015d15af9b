package dev.vigil.notify;

/** Puts one notification on the wire for one receiver config; one implementation per kind. */
public interface Sender {

    Outcome send(Notification notification, Texts texts) throws InterruptedException;
}
