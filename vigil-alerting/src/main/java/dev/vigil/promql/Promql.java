package dev.vigil.promql;

/** Entry point: parses PromQL into an expression tree, refusing at load what the engine does not support. */
public final class Promql {

    private Promql() {
    }

    /**
     * The query's expression tree, type-checked.
     *
     * @throws ParseException for a syntax or type error, or {@code not supported: <construct>}, with its position
     */
    public static Expr parse(String query) {
        return Parser.parse(query);
    }
}
