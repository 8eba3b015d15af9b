package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.promql.Expr.Aggregate;
import dev.vigil.promql.Expr.Binary;
import dev.vigil.promql.Expr.Call;
import dev.vigil.promql.Expr.Cardinality;
import dev.vigil.promql.Expr.MatrixSelector;
import dev.vigil.promql.Expr.NumberLiteral;
import dev.vigil.promql.Expr.Paren;
import dev.vigil.promql.Expr.StringLiteral;
import dev.vigil.promql.Expr.Subquery;
import dev.vigil.promql.Expr.Unary;
import dev.vigil.promql.Expr.VectorMatching;
import dev.vigil.promql.Expr.VectorSelector;
import dev.vigil.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A recursive-descent parser of PromQL with Prometheus's precedence and type checks. */
final class Parser {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final int MAX_DEPTH = 256;
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset");

    private final List<Token> tokens;
    private int p;
    private int depth;

    private Parser(String query) {
        this.tokens = Lexer.tokens(query);
    }

    static Expr parse(String query) {
        Parser parser = new Parser(query);
        Expr e = parser.expr(0);
        Token t = parser.peek();
        if (!t.is(Kind.EOF)) {
            throw new ParseException(t.pos(), "unexpected " + t.describe());
        }
        return e;
    }

    /** A series as Prometheus prints it, {@code name{a="b"}} or {@code {}}: labels with {@code =} only. */
    static Labels seriesLabels(String text) {
        Parser parser = new Parser(text);
        List<String> pairs = new ArrayList<>();
        if (parser.peek().is(Kind.IDENTIFIER)) {
            pairs.add(Labels.METRIC_NAME);
            pairs.add(parser.next().text());
        }
        if (parser.peek().is(Kind.LEFT_BRACE)) {
            parser.next();
            while (!parser.peek().is(Kind.RIGHT_BRACE)) {
                Token name = parser.expect(Kind.IDENTIFIER, "in series description, expected label");
                parser.expect(Kind.ASSIGN, "in series description, expected \"=\"");
                pairs.add(name.text());
                pairs.add(parser.expect(Kind.STRING, "in series description, expected string").text());
                if (parser.peek().is(Kind.COMMA)) {
                    parser.next();
                }
            }
            parser.next();
        }
        if (!parser.peek().is(Kind.EOF)) {
            throw new ParseException(parser.peek().pos(), "unexpected " + parser.peek().describe());
        }
        try {
            return Labels.of(pairs.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new ParseException(Position.START, e.getMessage());
        }
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (p < tokens.size() - 1) {
            p++;
        }
        return t;
    }

    private Token expect(Kind kind, String context) {
        Token t = next();
        if (!t.is(kind)) {
            throw new ParseException(t.pos(), "unexpected " + t.describe() + " " + context);
        }
        return t;
    }

    private static ParseException error(Position pos, String why) {
        return new ParseException(pos, why);
    }

    private Expr expr(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw error(peek().pos(), "expression nested too deeply");
        }
        try {
            Expr lhs = unary();
            while (true) {
                Token t = peek();
                Optional<BinaryOp> maybe = binaryOp(t);
                if (maybe.isEmpty() || maybe.get().precedence() < minPrecedence) {
                    return lhs;
                }
                BinaryOp op = maybe.get();
                next();
                boolean returnBool = false;
                if (peek().isKeyword("bool")) {
                    Token b = next();
                    if (!op.isComparison()) {
                        throw error(b.pos(), "bool modifier can only be used on comparison operators");
                    }
                    returnBool = true;
                }
                VectorMatching matching = matching(op);
                if ((peek().isKeyword("fill") || peek().isKeyword("fill_left") || peek().isKeyword("fill_right"))
                        && peek(1).is(Kind.LEFT_PAREN)) {
                    throw error(peek().pos(), "not supported: " + peek().text().toLowerCase(java.util.Locale.ROOT)
                            + " modifier");
                }
                Expr rhs = expr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
                lhs = check(new Binary(op, lhs, rhs, returnBool, matching, t.pos()));
            }
        } finally {
            depth--;
        }
    }

    private static Optional<BinaryOp> binaryOp(Token t) {
        return switch (t.kind()) {
            case ADD -> Optional.of(BinaryOp.ADD);
            case SUB -> Optional.of(BinaryOp.SUB);
            case MUL -> Optional.of(BinaryOp.MUL);
            case DIV -> Optional.of(BinaryOp.DIV);
            case MOD -> Optional.of(BinaryOp.MOD);
            case POW -> Optional.of(BinaryOp.POW);
            case EQUAL -> Optional.of(BinaryOp.EQL);
            case NOT_EQUAL -> Optional.of(BinaryOp.NEQ);
            case LESS -> Optional.of(BinaryOp.LSS);
            case LESS_EQUAL -> Optional.of(BinaryOp.LTE);
            case GREATER -> Optional.of(BinaryOp.GTR);
            case GREATER_EQUAL -> Optional.of(BinaryOp.GTE);
            case IDENTIFIER -> {
                if (t.isKeyword("atan2")) {
                    throw error(t.pos(), "not supported: operator atan2");
                }
                yield t.isKeyword("and") || t.isKeyword("or") || t.isKeyword("unless")
                        ? BinaryOp.ofSymbol(t.text()) : Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    private VectorMatching matching(BinaryOp op) {
        Cardinality card = op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE;
        List<String> labels = List.of();
        boolean on = false;
        boolean given = false;
        if (peek().isKeyword("on") || peek().isKeyword("ignoring")) {
            on = next().isKeyword("on");
            labels = labelList();
            given = true;
        }
        List<String> include = List.of();
        if (peek().isKeyword("group_left") || peek().isKeyword("group_right")) {
            Token g = next();
            if (op.isSetOperator()) {
                throw error(g.pos(), "no grouping allowed for \"" + op + "\" operation");
            }
            if (!given) {
                throw error(g.pos(), "unexpected " + g.describe() + ": group modifiers need on or ignoring first");
            }
            card = g.isKeyword("group_left") ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
            if (peek().is(Kind.LEFT_PAREN)) {
                include = labelList();
            }
            if (on) {
                for (String l : include) {
                    if (labels.contains(l)) {
                        throw error(g.pos(), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                    }
                }
            }
        }
        if (!given && include.isEmpty()) {
            return op.isSetOperator() ? new VectorMatching(card, List.of(), false, List.of()) : VectorMatching.DEFAULT;
        }
        return new VectorMatching(card, labels, on, include);
    }

    private List<String> labelList() {
        expect(Kind.LEFT_PAREN, "in grouping opts, expected \"(\"");
        List<String> names = new ArrayList<>();
        while (!peek().is(Kind.RIGHT_PAREN)) {
            Token t = next();
            if (t.is(Kind.STRING)) {
                throw error(t.pos(), "not supported: quoted label name");
            }
            if (!t.is(Kind.IDENTIFIER) || !LABEL_NAME.matcher(t.text()).matches()) {
                throw error(t.pos(), "unexpected " + t.describe() + " in grouping opts, expected label");
            }
            names.add(t.text());
            if (peek().is(Kind.COMMA)) {
                next();
            } else if (!peek().is(Kind.RIGHT_PAREN)) {
                throw error(peek().pos(), "unexpected " + peek().describe()
                        + " in grouping opts, expected \")\" or \",\"");
            }
        }
        next();
        return List.copyOf(names);
    }

    private Expr unary() {
        Token t = peek();
        if (t.is(Kind.ADD) || t.is(Kind.SUB)) {
            next();
            Expr operand = expr(BinaryOp.POW.precedence());
            if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
                throw error(t.pos(), "unary expression only allowed on expressions of type scalar or instant vector, "
                        + "got \"" + operand.type() + "\"");
            }
            if (t.is(Kind.ADD)) {
                return operand;
            }
            if (operand instanceof NumberLiteral n) {
                return new NumberLiteral(-n.value(), t.pos());
            }
            return new Unary(true, operand, t.pos());
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is(Kind.LEFT_BRACKET)) {
                e = bracket(e);
            } else if (t.isKeyword("offset")) {
                next();
                boolean negative = false;
                if (peek().is(Kind.SUB) || peek().is(Kind.ADD)) {
                    negative = next().is(Kind.SUB);
                }
                long offset = duration("offset");
                e = withOffset(e, negative ? -offset : offset, t.pos());
            } else if (t.is(Kind.AT)) {
                throw error(t.pos(), "not supported: @ modifier");
            } else if ((t.isKeyword("anchored") || t.isKeyword("smoothed")) && e instanceof MatrixSelector) {
                throw error(t.pos(), "not supported: " + t.text().toLowerCase(java.util.Locale.ROOT) + " modifier");
            } else {
                return e;
            }
        }
    }

    /** A duration, or a number of seconds as Prometheus 3 also accepts ({@code rate(x[300])}). */
    private long duration(String context) {
        boolean inBrackets = !context.equals("offset");
        if (peek().is(Kind.LEFT_PAREN) || inBrackets && (peek().is(Kind.SUB) || isArithmetic(peek(1)))) {
            throw error(peek().pos(), "not supported: duration expression");
        }
        Token d = next();
        if (d.is(Kind.DURATION)) {
            return Durations.parse(d.text(), d.pos());
        }
        if (d.is(Kind.NUMBER)) {
            double seconds = Numbers.parse(d.text(), d.pos());
            if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds) > 9.2e15) {
                throw error(d.pos(), "not a valid duration: \"" + d.text() + "\"");
            }
            return Math.round(seconds * 1000);
        }
        throw error(d.pos(), "unexpected " + d.describe() + " in " + context + ", expected duration");
    }

    private static boolean isArithmetic(Token t) {
        return t.is(Kind.ADD) || t.is(Kind.SUB) || t.is(Kind.MUL) || t.is(Kind.DIV) || t.is(Kind.MOD)
                || t.is(Kind.POW);
    }

    private Expr withOffset(Expr e, long offset, Position at) {
        return switch (e) {
            case VectorSelector vs when vs.offsetMs() == 0 -> new VectorSelector(vs.matchers(), offset, vs.pos());
            case MatrixSelector ms when ms.selector().offsetMs() == 0 -> new MatrixSelector(
                    new VectorSelector(ms.selector().matchers(), offset, ms.selector().pos()), ms.rangeMs(), ms.pos());
            case Subquery sq when sq.offsetMs() == 0 -> new Subquery(sq.expr(), sq.rangeMs(), sq.stepMs(), offset,
                    sq.pos());
            case VectorSelector vs -> throw error(at, "offset may not be set multiple times");
            case MatrixSelector ms -> throw error(at, "offset may not be set multiple times");
            case Subquery sq -> throw error(at, "offset may not be set multiple times");
            default -> throw error(at, "offset modifier must be preceded by an instant vector selector or range "
                    + "vector selector or a subquery");
        };
    }

    private Expr bracket(Expr e) {
        Token open = next();
        long range = duration("range");
        if (range <= 0) {
            throw error(open.pos(), "range must be greater than 0");
        }
        if (peek().is(Kind.COLON)) {
            next();
            long step = 0;
            if (!peek().is(Kind.RIGHT_BRACKET)) {
                step = duration("subquery step");
                if (step <= 0) {
                    throw error(open.pos(), "subquery step must be greater than 0");
                }
            }
            expect(Kind.RIGHT_BRACKET, "in subquery selector, expected \"]\"");
            if (e.type() != ValueType.VECTOR) {
                throw error(open.pos(), "subquery is only allowed on instant vector, got " + e.type());
            }
            return new Subquery(e, range, step, 0, e.pos());
        }
        expect(Kind.RIGHT_BRACKET, "in range selector, expected \"]\"");
        if (!(e instanceof VectorSelector vs)) {
            throw error(open.pos(), "ranges only allowed for vector selectors");
        }
        if (vs.offsetMs() != 0) {
            throw error(open.pos(), "no offset modifiers allowed before range");
        }
        return new MatrixSelector(vs, range, vs.pos());
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                next();
                return new NumberLiteral(Numbers.parse(t.text(), t.pos()), t.pos());
            }
            case STRING -> {
                next();
                return new StringLiteral(t.text(), t.pos());
            }
            case LEFT_PAREN -> {
                next();
                Expr inner = expr(0);
                expect(Kind.RIGHT_PAREN, "in parenthesized expression, expected \")\"");
                return new Paren(inner, t.pos());
            }
            case LEFT_BRACE -> {
                return selector(null, t.pos());
            }
            case IDENTIFIER -> {
                return identifier();
            }
            case DURATION -> throw error(t.pos(), "not supported: duration as a number (\"" + t.text() + "\")");
            default -> throw error(t.pos(), "unexpected " + t.describe());
        }
    }

    private Expr identifier() {
        Token t = next();
        String name = t.text();
        if (AggregateOp.isAggregation(name)
                && (peek().is(Kind.LEFT_PAREN) || peek().isKeyword("by") || peek().isKeyword("without"))) {
            return aggregate(t);
        }
        if (peek().is(Kind.LEFT_PAREN)) {
            return call(t);
        }
        if (KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT)) || AggregateOp.isAggregation(name)) {
            throw error(t.pos(), "unexpected " + t.describe());
        }
        return selector(t, t.pos());
    }

    private Expr call(Token nameToken) {
        String name = nameToken.text();
        Optional<Function> known = Function.named(name);
        if (known.isEmpty()) {
            if (Function.UNSUPPORTED.contains(name)) {
                throw error(nameToken.pos(), "not supported: function " + name + "()");
            }
            throw error(nameToken.pos(), "unknown function with name \"" + name + "\"");
        }
        Function f = known.get();
        List<Expr> args = arguments();
        if (args.size() < f.minArgs() || args.size() > f.maxArgs()) {
            String expected = f.variadic() ? "at least " + f.minArgs()
                    : f.minArgs() == f.maxArgs() ? String.valueOf(f.minArgs())
                    : "at most " + f.maxArgs();
            if (!f.variadic() && f.minArgs() != f.maxArgs() && args.size() < f.minArgs()) {
                expected = "at least " + f.minArgs();
            }
            throw error(nameToken.pos(), "expected " + expected + " argument(s) in call to \"" + name + "\", got "
                    + args.size());
        }
        for (int k = 0; k < args.size(); k++) {
            ValueType want = f.argType(k);
            Expr arg = args.get(k);
            if (arg.type() != want) {
                throw error(arg.pos(), "expected type " + want + " in call to function \"" + name + "\", got "
                        + arg.type());
            }
        }
        return new Call(f, args, nameToken.pos());
    }

    private List<Expr> arguments() {
        expect(Kind.LEFT_PAREN, "expected \"(\"");
        List<Expr> args = new ArrayList<>();
        if (peek().is(Kind.RIGHT_PAREN)) {
            next();
            return args;
        }
        while (true) {
            args.add(expr(0));
            Token t = next();
            if (t.is(Kind.RIGHT_PAREN)) {
                return args;
            }
            if (!t.is(Kind.COMMA)) {
                throw error(t.pos(), "unexpected " + t.describe() + " in argument list, expected \",\" or \")\"");
            }
            if (peek().is(Kind.RIGHT_PAREN)) {
                throw error(t.pos(), "trailing commas not allowed in function call args");
            }
        }
    }

    private Expr aggregate(Token opToken) {
        String name = opToken.text();
        if (AggregateOp.UNSUPPORTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw error(opToken.pos(), "not supported: aggregation " + name.toLowerCase(java.util.Locale.ROOT));
        }
        AggregateOp op = AggregateOp.named(name).orElseThrow();
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (peek().isKeyword("by") || peek().isKeyword("without")) {
            without = next().isKeyword("without");
            grouping = labelList();
            grouped = true;
        }
        Token open = peek();
        List<Expr> args = arguments();
        if (!grouped && (peek().isKeyword("by") || peek().isKeyword("without"))) {
            without = next().isKeyword("without");
            grouping = labelList();
        }
        int want = op.paramType().isPresent() ? 2 : 1;
        if (args.size() != want) {
            throw error(open.pos(), "wrong number of arguments for aggregate expression provided, expected " + want
                    + ", got " + args.size());
        }
        Expr operand = args.getLast();
        if (operand.type() != ValueType.VECTOR) {
            throw error(operand.pos(), "expected type instant vector in aggregation expression, got "
                    + operand.type());
        }
        Optional<Expr> param = Optional.empty();
        if (want == 2) {
            Expr pe = args.getFirst();
            ValueType pt = op.paramType().orElseThrow();
            if (pe.type() != pt) {
                throw error(pe.pos(), "expected type " + pt + " in aggregation parameter, got " + pe.type());
            }
            param = Optional.of(pe);
        }
        return new Aggregate(op, operand, param, grouping, without, opToken.pos());
    }

    /** {@code name}, {@code name{...}} or {@code {...}}; nameToken is null when no name was written. */
    private VectorSelector selector(Token nameToken, Position at) {
        List<Matcher> matchers = new ArrayList<>();
        if (nameToken != null) {
            matchers.add(Matcher.metric(nameToken.text()));
        }
        if (peek().is(Kind.LEFT_BRACE)) {
            next();
            while (!peek().is(Kind.RIGHT_BRACE)) {
                matchers.add(matcher(nameToken != null));
                if (peek().is(Kind.COMMA)) {
                    next();
                } else if (!peek().is(Kind.RIGHT_BRACE)) {
                    throw error(peek().pos(), "unexpected " + peek().describe()
                            + " in label matching, expected \",\" or \"}\"");
                }
            }
            next();
        } else if (nameToken == null) {
            throw error(at, "unexpected " + peek().describe());
        }
        if (matchers.isEmpty() || matchers.stream().allMatch(m -> m.matches(""))) {
            throw error(at, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(matchers, 0, at);
    }

    private Matcher matcher(boolean named) {
        Token name = next();
        if (name.is(Kind.STRING)) {
            throw error(name.pos(), "not supported: quoted label name");
        }
        if (!name.is(Kind.IDENTIFIER) || !LABEL_NAME.matcher(name.text()).matches()) {
            throw error(name.pos(), "unexpected " + name.describe() + " in label matching, expected label");
        }
        if (named && name.text().equals(Labels.METRIC_NAME)) {
            throw error(name.pos(), "metric name must not be set twice");
        }
        Token op = next();
        Matcher.Op mop = switch (op.kind()) {
            case ASSIGN -> Matcher.Op.EQ;
            case NOT_EQUAL -> Matcher.Op.NEQ;
            case REGEX_MATCH -> Matcher.Op.RE;
            case REGEX_NO_MATCH -> Matcher.Op.NRE;
            default -> throw error(op.pos(), "unexpected " + op.describe()
                    + " in label matching, expected one of \"=\", \"!=\", \"=~\", \"!~\"");
        };
        Token value = next();
        if (!value.is(Kind.STRING)) {
            throw error(value.pos(), "unexpected " + value.describe() + " in label matching, expected string");
        }
        try {
            return Matcher.of(name.text(), mop, mop == Matcher.Op.RE || mop == Matcher.Op.NRE
                    ? Regexes.toJava(value.text()) : value.text());
        } catch (PatternSyntaxException e) {
            throw error(value.pos(), "invalid regular expression in label matcher: " + value.text());
        }
    }

    private Expr check(Binary b) {
        ValueType l = b.lhs().type();
        ValueType r = b.rhs().type();
        BinaryOp op = b.op();
        boolean lOk = l == ValueType.SCALAR || l == ValueType.VECTOR;
        boolean rOk = r == ValueType.SCALAR || r == ValueType.VECTOR;
        if (!lOk || !rOk) {
            throw error(b.pos(), "binary expression must contain only scalar and instant vector types");
        }
        boolean hasMatching = !b.matching().labels().isEmpty()
                || b.matching().card() == Cardinality.MANY_TO_ONE || b.matching().card() == Cardinality.ONE_TO_MANY;
        if ((l != ValueType.VECTOR || r != ValueType.VECTOR) && hasMatching) {
            throw error(b.pos(), "vector matching only allowed between instant vectors");
        }
        if (op.isSetOperator() && (l == ValueType.SCALAR || r == ValueType.SCALAR)) {
            throw error(b.pos(), "set operator \"" + op + "\" not allowed in binary scalar expression");
        }
        if (op.isComparison() && !b.returnBool() && l == ValueType.SCALAR && r == ValueType.SCALAR) {
            throw error(b.pos(), "comparisons between scalars must use BOOL modifier");
        }
        return b;
    }
}
