/** Notifications: receivers' configuration, the senders, and delivery with retries, a circuit breaker and dead letters. */
package dev.vigil.notify;
