package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.metrics.Matcher;
import dev.vigil.promql.Expr.Aggregate;
import dev.vigil.promql.Expr.Binary;
import dev.vigil.promql.Expr.Call;
import dev.vigil.promql.Expr.Cardinality;
import dev.vigil.promql.Expr.MatrixSelector;
import dev.vigil.promql.Expr.NumberLiteral;
import dev.vigil.promql.Expr.StringLiteral;
import dev.vigil.promql.Expr.Subquery;
import dev.vigil.promql.Expr.Unary;
import dev.vigil.promql.Expr.VectorSelector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    @Test
    void selectorKeepsTheNameFirstAndTheMatchersInOrder() {
        VectorSelector vs = (VectorSelector) Promql.parse("up{job=\"api\", code!~'5..', env=~`pr.*`, x!=\"\"}");
        assertThat(vs.matchers()).containsExactly(Matcher.metric("up"), Matcher.eq("job", "api"),
                Matcher.nre("code", "(?:5..)\\z"), Matcher.re("env", "(?:pr.*)\\z"), Matcher.neq("x", ""));
        assertThat(vs.offsetMs()).isZero();
    }

    @Test
    void rangesOffsetsAndSubqueries() {
        MatrixSelector ms = (MatrixSelector) Promql.parse("x[1h30m] offset -2d");
        assertThat(ms.rangeMs()).isEqualTo(5_400_000);
        assertThat(ms.selector().offsetMs()).isEqualTo(-172_800_000);
        Subquery sq = (Subquery) Promql.parse("rate(x[5m])[1w:250ms] offset 1y");
        assertThat(sq.rangeMs()).isEqualTo(604_800_000);
        assertThat(sq.stepMs()).isEqualTo(250);
        assertThat(sq.offsetMs()).isEqualTo(365L * 86_400_000);
        assertThat(((Subquery) Promql.parse("x[5m:]")).stepMs()).isZero();
    }

    @Test
    void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
        Binary pow = (Binary) Promql.parse("a ^ b ^ c");
        assertThat(pow.lhs()).isInstanceOf(VectorSelector.class);
        assertThat(((Binary) pow.rhs()).op()).isEqualTo(BinaryOp.POW);
        Unary neg = (Unary) Promql.parse("-a ^ b");
        assertThat(((Binary) neg.expr()).op()).isEqualTo(BinaryOp.POW);
        Binary sub = (Binary) Promql.parse("a - b - c");
        assertThat(((Binary) sub.lhs()).op()).isEqualTo(BinaryOp.SUB);
    }

    @Test
    void precedenceFromOrUpToMultiplication() {
        Binary or = (Binary) Promql.parse("a or b and c unless d == e + f * g");
        assertThat(or.op()).isEqualTo(BinaryOp.OR);
        Binary unless = (Binary) or.rhs();
        assertThat(unless.op()).isEqualTo(BinaryOp.UNLESS);
        assertThat(((Binary) unless.lhs()).op()).isEqualTo(BinaryOp.AND);
        Binary eq = (Binary) unless.rhs();
        assertThat(eq.op()).isEqualTo(BinaryOp.EQL);
        Binary add = (Binary) eq.rhs();
        assertThat(add.op()).isEqualTo(BinaryOp.ADD);
        assertThat(((Binary) add.rhs()).op()).isEqualTo(BinaryOp.MUL);
    }

    @Test
    void vectorMatchingModifiers() {
        Binary b = (Binary) Promql.parse("a / ignoring(x, y) group_left(z) b");
        assertThat(b.matching().card()).isEqualTo(Cardinality.MANY_TO_ONE);
        assertThat(b.matching().on()).isFalse();
        assertThat(b.matching().labels()).containsExactly("x", "y");
        assertThat(b.matching().include()).containsExactly("z");
        Binary r = (Binary) Promql.parse("a > bool on() group_right b");
        assertThat(r.returnBool()).isTrue();
        assertThat(r.matching().card()).isEqualTo(Cardinality.ONE_TO_MANY);
        assertThat(r.matching().on()).isTrue();
        assertThat(((Binary) Promql.parse("a and b")).matching().card()).isEqualTo(Cardinality.MANY_TO_MANY);
    }

    @Test
    void aggregationsTakeTheirGroupingBeforeOrAfter() {
        Aggregate before = (Aggregate) Promql.parse("sum without (a, b,) (x)");
        Aggregate after = (Aggregate) Promql.parse("sum(x) without (a, b)");
        assertThat(before.without()).isTrue();
        assertThat(before.grouping()).isEqualTo(after.grouping()).containsExactly("a", "b");
        Aggregate topk = (Aggregate) Promql.parse("topk by (job) (5, x)");
        assertThat(topk.param()).get().isInstanceOf(NumberLiteral.class);
        assertThat(topk.grouping()).containsExactly("job");
    }

    @Test
    void numbersAndStrings() {
        assertThat(((NumberLiteral) Promql.parse("0x1F")).value()).isEqualTo(31);
        assertThat(((NumberLiteral) Promql.parse("1.5e3")).value()).isEqualTo(1500);
        assertThat(((NumberLiteral) Promql.parse("-Inf")).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(((NumberLiteral) Promql.parse("NaN")).value()).isNaN();
        assertThat(((StringLiteral) Promql.parse("\"a\\tb\\x41\\u00e9\\101\\\\\\\"\"")).value())
                .isEqualTo("a\tbA\u00e9A\\\"");
        assertThat(((StringLiteral) Promql.parse("'it\\'s'")).value()).isEqualTo("it's");
        assertThat(((StringLiteral) Promql.parse("`raw\\n`")).value()).isEqualTo("raw\\n");
    }

    @Test
    void callsAreTypeChecked() {
        Call c = (Call) Promql.parse("round(x)");
        assertThat(c.function()).isEqualTo(Function.ROUND);
        assertThat(((Call) Promql.parse("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")")).args()).hasSize(6);
        assertThat(Promql.parse("scalar(x)").type()).isEqualTo(ValueType.SCALAR);
        assertThat(Promql.parse("x[5m]").type()).isEqualTo(ValueType.MATRIX);
        assertThat(Promql.parse("1 + 2").type()).isEqualTo(ValueType.SCALAR);
        assertThat(Promql.parse("1 + x").type()).isEqualTo(ValueType.VECTOR);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x @ 5|not supported: @ modifier|1:3",
        "a atan2 b|not supported: operator atan2|1:3",
        "stdvar(x)|not supported: aggregation stdvar|1:1",
        "foo(x)|unknown function with name \"foo\"|1:1",
        "rate(x)|expected type range vector in call to function \"rate\", got instant vector|1:6",
        "x{a=\"b\"|unexpected end of input in label matching, expected \",\" or \"}\"|1:8",
        "sum(x) by (a|unexpected end of input in grouping opts, expected \")\" or \",\"|1:13",
    })
    void errorsSayWhatAndWhere(String query, String reason, String position) {
        assertThatThrownBy(() -> Promql.parse(query)).isInstanceOfSatisfying(ParseException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.position()).hasToString(position);
            assertThat(e.getMessage()).isEqualTo(reason + " at " + position);
            assertThat(e.notSupported()).isEqualTo(reason.startsWith("not supported"));
        });
    }

    @Test
    void positionsCountLinesAndColumns() {
        assertThatThrownBy(() -> Promql.parse("sum(x)\n  + sqrt(y)")).isInstanceOfSatisfying(ParseException.class,
                e -> assertThat(e.getMessage()).isEqualTo("not supported: function sqrt() at 2:5"));
        assertThat(Promql.parse("# comment\n  up").pos()).isEqualTo(new Position(12, 2, 3));
    }

    @Test
    void everySupportedFunctionParses() {
        for (Function f : Function.values()) {
            List<String> args = new java.util.ArrayList<>();
            for (int i = 0; i < f.minArgs(); i++) {
                args.add(switch (f.argType(i)) {
                    case SCALAR -> "1";
                    case VECTOR -> "x";
                    case MATRIX -> "x[5m]";
                    case STRING -> "\"a\"";
                });
            }
            String query = f.text() + "(" + String.join(", ", args) + ")";
            assertThat(Promql.parse(query)).as(query).isInstanceOf(Call.class);
        }
    }
}
