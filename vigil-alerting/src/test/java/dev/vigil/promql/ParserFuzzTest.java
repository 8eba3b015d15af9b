package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser returns a tree or throws its ParseException, for any input, promptly. */
class ParserFuzzTest {

    private static final List<String> VALID = List.of(
            "up", "up{job=\"api\", instance=~\"a|b\"}", "rate(http_requests_total[5m])",
            "sum by (job) (rate(http_requests_total{code!~\"5..\"}[5m])) / on(job) group_left sum by (job) (x)",
            "histogram_quantile(0.99, sum without (instance) (rate(h_bucket[1h30m] offset 1d)))",
            "max_over_time(deriv(rss[10m])[1h:1m]) > bool 1e6 and up unless down or -x ^ 2 ^ 3",
            "label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\") * 0x10 % Inf - NaN",
            "topk(3, count_values(\"v\", build_info)) by (v)", "absent_over_time(up{job='x'}[5m])",
            "predict_linear(disk_free[6h], 4 * 3600) < 0", "quantile(0.9, x) >= ignoring(a, b) group_right(c) y",
            "sort_desc(clamp(x, -1, +1)) != bool scalar(vector(time()))", "`raw` ", "{__name__=~\"a.*\"} offset -5m");
    private static final List<String> PIECES = List.of("(", ")", "{", "}", "[", "]", ",", ":", "=", "!=", "=~",
            "!~", "==", "+", "-", "*", "/", "%", "^", "<", ">=", "@", "\"", "'", "`", "\\", "#", "\n", " ", "0x",
            "1e", "5m", "1h30m", "offset", "by", "without", "on", "ignoring", "group_left", "bool", "and", "or",
            "sum", "rate", "topk", "x", "[5m:]", "[1m:10s]", ".5", "Inf", "NaN", "__name__", "\\x4", "\\u12",
            "\u00e9", "\u0000", "9999999999999999999999", "99999999999999999999m");

    @Property(tries = 3000)
    void randomStrings(@ForAll("noise") String query) {
        parsesOrRefuses(query);
    }

    @Property(tries = 3000)
    void mutatedQueries(@ForAll("mutants") String query) {
        parsesOrRefuses(query);
    }

    @Property(tries = 1000)
    void pieces(@ForAll("assembled") String query) {
        parsesOrRefuses(query);
    }

    @Property(tries = 20)
    void deepNesting(@ForAll("deep") String query) {
        parsesOrRefuses(query);
    }

    private static void parsesOrRefuses(String query) {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                assertThat(Promql.parse(query)).isNotNull();
                return null;
            } catch (ParseException e) {
                assertThat(e.getMessage()).isNotBlank();
                return null;
            } catch (RuntimeException | StackOverflowError e) {
                return e;
            }
        });
        try {
            Throwable thrown = outcome.get(2, TimeUnit.SECONDS);
            assertThat(thrown).as("parsing %s", query).isNull();
        } catch (TimeoutException e) {
            throw new AssertionError("parsing took over 2 s: " + query);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("(){}[],:=!~+-*/%^<>@\"'`\\#\n .0123456789exmhsdwyabcINFnaf_xyz")
                .ofMaxLength(60);
    }

    @Provide
    Arbitrary<String> mutants() {
        Arbitrary<String> base = Arbitraries.of(VALID);
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 200);
        Arbitrary<Integer> length = Arbitraries.integers().between(0, 6);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(PIECES), Arbitraries.strings().ofMaxLength(3));
        return Combinators.combine(base, where, length, insert).as((q, at, cut, ins) -> {
            int i = Math.min(at, q.length());
            int j = Math.min(q.length(), i + cut);
            return q.substring(0, i) + ins + q.substring(j);
        });
    }

    @Provide
    Arbitrary<String> assembled() {
        return Arbitraries.of(PIECES).list().ofMaxSize(25).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> deep() {
        return Arbitraries.integers().between(100, 5000).flatMap(n -> Arbitraries.of("(", "-", "sum(", "abs(",
                "x + ").map(open -> open.repeat(n) + "x"));
    }
}
