package dev.vigil.promql;

/** The four kinds of value an expression has, named as Prometheus names them in errors. */
public enum ValueType {
    SCALAR("scalar"), VECTOR("instant vector"), MATRIX("range vector"), STRING("string");

    private final String text;

    ValueType(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
