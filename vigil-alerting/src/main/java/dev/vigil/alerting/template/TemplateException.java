package dev.vigil.alerting.template;

/** A template that cannot be read or run, with where: {@code template: summary:1:12: unknown function "humanise"}. */
public final class TemplateException extends Exception {

    public TemplateException(String message) {
        super(message);
    }
}
