package dev.vigil.alerting.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Go's {@code text/template} that alert templates use, so that annotations written for Prometheus
 * render the same: text and {@code {{ actions }}} (with {@code {{-}} and {@code -}}} trimming and
 * {@code {{/* comments *}{@code /}}}), pipelines with {@code |}, variables ({@code $x := ...}, {@code $labels.service}),
 * fields of the data ({@code .Labels.service}), literals, parentheses, {@code if}/{@code else if}/{@code else},
 * {@code range} (with {@code $i, $v :=}), {@code with}, and the functions given ({@link Functions}). A missing
 * map key prints {@code <no value>}, as Go's default. {@code define}, {@code template} and {@code block} are
 * refused.
 */
public final class Template {

    /** A function callable from a template; {@code args} already evaluated. */
    @FunctionalInterface
    public interface Function {
        Object call(List<Object> args) throws TemplateException;
    }

    /**
     * A value with named fields beyond a map's keys, as a Go value has methods: Alertmanager's {@code .Alerts.Firing}
     * on a list, {@code .CommonLabels.SortedPairs} on a map. A field it has wins over a map key, as a Go method does.
     */
    public interface Fields {
        /** The field's value; empty when it has no such field. */
        java.util.Optional<Object> field(String name);
    }

    private final String name;
    private final List<Node> root;
    private final Map<String, Function> functions;

    private Template(String name, List<Node> root, Map<String, Function> functions) {
        this.name = name;
        this.root = root;
        this.functions = functions;
    }

    /** Reads {@code text}; {@code name} is used in error messages. */
    public static Template parse(String name, String text, Map<String, Function> functions) throws TemplateException {
        Parser p = new Parser(name, text, functions);
        List<Node> nodes = p.list(true);
        return new Template(name, nodes, Map.copyOf(functions));
    }

    /** Runs it with {@code data} as dot and {@code $}, the variables given already set. */
    public String execute(Object data, Map<String, Object> variables) throws TemplateException {
        StringBuilder out = new StringBuilder();
        Scope scope = new Scope(null);
        scope.vars.put("$", data);
        variables.forEach((k, v) -> scope.vars.put(k.startsWith("$") ? k : "$" + k, v));
        new Exec(name, functions, out).list(root, data, scope);
        return out.toString();
    }

    // ---- tree ----

    private sealed interface Node permits Text, Action, If, Range, With {
    }

    private record Text(String text) implements Node {
    }

    private record Action(int line, Pipeline pipe) implements Node {
    }

    private record If(int line, Pipeline cond, List<Node> then, List<Node> otherwise) implements Node {
    }

    private record Range(int line, Pipeline over, List<Node> body, List<Node> otherwise) implements Node {
    }

    private record With(int line, Pipeline value, List<Node> body, List<Node> otherwise) implements Node {
    }

    private record Pipeline(List<String> decl, boolean assign, List<List<Operand>> commands) {
    }

    private sealed interface Operand permits Literal, Dot, Field, Variable, Func, Sub {
    }

    private record Literal(Object value) implements Operand {
    }

    private record Dot() implements Operand {
    }

    /** {@code .a.b}: fields of dot. */
    private record Field(List<String> path) implements Operand {
    }

    /** {@code $x.a.b}. */
    private record Variable(String name, List<String> path) implements Operand {
    }

    private record Func(String name) implements Operand {
    }

    /** {@code (pipeline).a.b}. */
    private record Sub(Pipeline pipe, List<String> path) implements Operand {
    }

    // ---- parsing ----

    private static final class Parser {
        private final String name;
        private final String text;
        private final Map<String, Function> functions;
        private int pos;
        // Set by the action just read: a trailing "-}}" trims the whitespace that follows.
        private boolean trimNext;
        private List<String> pendingKeyword; // the keyword action that ended a list: else/end
        private String pendingElseRest;
        private int pendingLine;

        Parser(String name, String text, Map<String, Function> functions) {
            this.name = name;
            this.text = text;
            this.functions = functions;
        }

        private int line(int at) {
            int line = 1;
            for (int i = 0; i < at && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }

        private TemplateException error(int at, String why) {
            return new TemplateException("template: " + name + ":" + line(at) + ": " + why);
        }

        /** Nodes up to the end of text ({@code top}) or up to an {@code else}/{@code end}, left in pendingKeyword. */
        List<Node> list(boolean top) throws TemplateException {
            List<Node> nodes = new ArrayList<>();
            pendingKeyword = null;
            while (pos < text.length()) {
                int open = text.indexOf("{{", pos);
                String chunk = text.substring(pos, open < 0 ? text.length() : open);
                if (trimNext) {
                    chunk = chunk.stripLeading();
                    trimNext = false;
                }
                if (open >= 0 && text.startsWith("{{- ", open) || open >= 0 && text.startsWith("{{-\n", open)
                        || open >= 0 && text.startsWith("{{-\t", open)) {
                    chunk = chunk.stripTrailing();
                }
                if (!chunk.isEmpty()) {
                    nodes.add(new Text(chunk));
                }
                if (open < 0) {
                    pos = text.length();
                    break;
                }
                int actionStart = open;
                pos = open + 2;
                if (text.startsWith("- ", pos) || text.startsWith("-\n", pos) || text.startsWith("-\t", pos)) {
                    pos += 1;
                }
                String body = actionBody(actionStart);
                String trimmed = body.strip();
                if (trimmed.startsWith("/*")) {
                    if (!trimmed.endsWith("*/")) {
                        throw error(actionStart, "unclosed comment");
                    }
                    continue;
                }
                Lexer lx = new Lexer(this, trimmed, actionStart);
                String first = lx.peekWord();
                switch (first) {
                    case "if" -> {
                        lx.word();
                        Pipeline cond = pipeline(lx, false);
                        nodes.add(ifNode(line(actionStart), cond, actionStart));
                    }
                    case "range" -> {
                        lx.word();
                        Pipeline over = pipeline(lx, true);
                        List<Node> body2 = list(false);
                        List<Node> otherwise = List.of();
                        if ("else".equals(keyword())) {
                            if (!pendingElseRest.isEmpty()) {
                                throw error(actionStart, "range's else takes no condition");
                            }
                            otherwise = list(false);
                        }
                        expectEnd(actionStart, "range");
                        nodes.add(new Range(line(actionStart), over, body2, otherwise));
                    }
                    case "with" -> {
                        lx.word();
                        Pipeline value = pipeline(lx, true);
                        List<Node> body2 = list(false);
                        List<Node> otherwise = List.of();
                        if ("else".equals(keyword())) {
                            otherwise = list(false);
                        }
                        expectEnd(actionStart, "with");
                        nodes.add(new With(line(actionStart), value, body2, otherwise));
                    }
                    case "else", "end" -> {
                        lx.word();
                        if (top) {
                            throw error(actionStart, "unexpected {{" + first + "}}");
                        }
                        pendingKeyword = List.of(first);
                        pendingElseRest = lx.rest();
                        pendingLine = actionStart;
                        if (first.equals("end") && !pendingElseRest.isEmpty()) {
                            throw error(actionStart, "unexpected \"" + pendingElseRest + "\" in end");
                        }
                        return nodes;
                    }
                    case "define", "template", "block", "break", "continue" ->
                            throw error(actionStart, "not supported: {{" + first + "}}");
                    default -> nodes.add(new Action(line(actionStart), pipeline(lx, true)));
                }
            }
            if (!top) {
                throw error(text.length(), "unexpected EOF: an {{if}}, {{range}} or {{with}} has no {{end}}");
            }
            return nodes;
        }

        private String keyword() {
            return pendingKeyword == null ? null : pendingKeyword.get(0);
        }

        private void expectEnd(int at, String what) throws TemplateException {
            if (!"end".equals(keyword())) {
                throw error(at, "{{" + what + "}} has no {{end}}");
            }
            pendingKeyword = null;
        }

        private If ifNode(int line, Pipeline cond, int at) throws TemplateException {
            List<Node> then = list(false);
            List<Node> otherwise = List.of();
            if ("else".equals(keyword())) {
                String rest = pendingElseRest;
                int elseAt = pendingLine;
                if (rest.startsWith("if ") || rest.equals("if")) {
                    Lexer lx = new Lexer(this, rest, elseAt);
                    lx.word();
                    Pipeline c2 = pipeline(lx, false);
                    // "else if" shares the outer if's end.
                    otherwise = List.of(ifNode(line(elseAt), c2, elseAt));
                    return new If(line, cond, then, otherwise);
                }
                if (!rest.isEmpty()) {
                    throw error(elseAt, "unexpected \"" + rest + "\" after else");
                }
                otherwise = list(false);
            }
            expectEnd(at, "if");
            return new If(line, cond, then, otherwise);
        }

        /** The text of the action that opened at {@code start}, up to its closing braces (quotes respected). */
        private String actionBody(int start) throws TemplateException {
            int i = pos;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' || c == '`' || c == '\'') {
                    int close = i + 1;
                    while (close < text.length() && text.charAt(close) != c) {
                        if (c != '`' && text.charAt(close) == '\\') {
                            close++;
                        }
                        close++;
                    }
                    if (close >= text.length()) {
                        throw error(start, "unterminated quoted string");
                    }
                    i = close + 1;
                    continue;
                }
                if (text.startsWith(" -}}", i) || text.startsWith("\n-}}", i) || text.startsWith("\t-}}", i)) {
                    String body = text.substring(pos, i);
                    pos = i + 4;
                    trimNext = true;
                    return body;
                }
                if (text.startsWith("}}", i)) {
                    String body = text.substring(pos, i);
                    pos = i + 2;
                    return body;
                }
                i++;
            }
            throw error(start, "unclosed action");
        }

        Pipeline pipeline(Lexer lx, boolean allowDecl) throws TemplateException {
            List<String> decl = new ArrayList<>();
            boolean assign = false;
            int mark = lx.pos;
            if (allowDecl || true) {
                List<String> vars = new ArrayList<>();
                while (lx.peekVariable()) {
                    vars.add(lx.variableName());
                    lx.skipSpaces();
                    if (lx.peek(",")) {
                        lx.pos++;
                        lx.skipSpaces();
                        continue;
                    }
                    break;
                }
                lx.skipSpaces();
                if (!vars.isEmpty() && lx.peek(":=")) {
                    lx.pos += 2;
                    decl = vars;
                } else if (vars.size() == 1 && lx.peek("=") && !lx.peek("==")) {
                    lx.pos += 1;
                    decl = vars;
                    assign = true;
                } else {
                    lx.pos = mark;
                }
                if (decl.size() > 2) {
                    throw lx.error("too many declarations");
                }
            }
            List<List<Operand>> commands = new ArrayList<>();
            while (true) {
                List<Operand> cmd = new ArrayList<>();
                while (true) {
                    lx.skipSpaces();
                    if (lx.atEnd() || lx.peek("|") || lx.peek(")")) {
                        break;
                    }
                    cmd.add(operand(lx));
                }
                if (cmd.isEmpty()) {
                    throw lx.error(commands.isEmpty() ? "missing value for command" : "missing command after |");
                }
                commands.add(cmd);
                if (lx.peek("|")) {
                    lx.pos++;
                    continue;
                }
                break;
            }
            return new Pipeline(decl, assign, commands);
        }

        private Operand operand(Lexer lx) throws TemplateException {
            char c = lx.current();
            if (c == '(') {
                lx.pos++;
                Pipeline inner = pipeline(lx, false);
                lx.skipSpaces();
                if (!lx.peek(")")) {
                    throw lx.error("unclosed left paren");
                }
                lx.pos++;
                return new Sub(inner, lx.fields());
            }
            if (c == '"' || c == '`') {
                return new Literal(lx.string());
            }
            if (c == '$') {
                String var = lx.variableName();
                return new Variable(var, lx.fields());
            }
            if (c == '.') {
                List<String> path = lx.fields();
                return path.isEmpty() ? new Dot() : new Field(path);
            }
            if (Character.isDigit(c) || ((c == '-' || c == '+') && lx.nextIsDigit())) {
                return new Literal(lx.number());
            }
            String word = lx.word();
            switch (word) {
                case "true" -> {
                    return new Literal(Boolean.TRUE);
                }
                case "false" -> {
                    return new Literal(Boolean.FALSE);
                }
                case "nil" -> {
                    return new Literal(null);
                }
                default -> {
                    if (word.isEmpty()) {
                        throw lx.error("unexpected \"" + c + "\" in command");
                    }
                    if (!functions.containsKey(word)) {
                        throw lx.error("function \"" + word + "\" not defined");
                    }
                    return new Func(word);
                }
            }
        }
    }

    private static final class Lexer {
        private final Parser parser;
        private final String s;
        private final int at;
        int pos;

        Lexer(Parser parser, String s, int at) {
            this.parser = parser;
            this.s = s;
            this.at = at;
        }

        TemplateException error(String why) {
            return parser.error(at, why);
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char current() {
            return s.charAt(pos);
        }

        boolean peek(String t) {
            return s.startsWith(t, pos);
        }

        boolean nextIsDigit() {
            return pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1));
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        String rest() {
            return s.substring(Math.min(pos, s.length())).strip();
        }

        String peekWord() {
            int save = pos;
            String w = word();
            pos = save;
            return w;
        }

        String word() {
            skipSpaces();
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        boolean peekVariable() {
            skipSpaces();
            return peek("$");
        }

        String variableName() {
            int start = pos;
            pos++; // $
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** {@code .a.b} at pos (possibly none). */
        List<String> fields() throws TemplateException {
            List<String> path = new ArrayList<>();
            while (peek(".")) {
                pos++;
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                if (pos == start) {
                    if (path.isEmpty() && (atEnd() || Character.isWhitespace(current()) || current() == ')'
                            || current() == '|')) {
                        return path; // dot itself
                    }
                    throw error("bad field name after '.'");
                }
                path.add(s.substring(start, pos));
            }
            return path;
        }

        String string() throws TemplateException {
            char quote = current();
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == quote) {
                    return out.toString();
                }
                if (quote == '"' && c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case '"', '\\', '\'' -> out.append(e);
                        default -> throw error("unknown escape sequence \\" + e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw error("unterminated quoted string");
        }

        Object number() throws TemplateException {
            int start = pos;
            if (peek("-") || peek("+")) {
                pos++;
            }
            if (peek("0x") || peek("0X")) {
                pos += 2;
                while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0) {
                    pos++;
                }
                try {
                    return Long.decode(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw error("bad number syntax: " + s.substring(start, pos));
                }
            }
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || ".eE".indexOf(s.charAt(pos)) >= 0
                    || ((s.charAt(pos) == '-' || s.charAt(pos) == '+') && "eE".indexOf(s.charAt(pos - 1)) >= 0))) {
                pos++;
            }
            String text = s.substring(start, pos);
            try {
                if (text.matches("[-+]?\\d+")) {
                    return Long.parseLong(text);
                }
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("bad number syntax: " + text);
            }
        }
    }

    // ---- execution ----

    private static final class Scope {
        final Scope parent;
        final Map<String, Object> vars = new LinkedHashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        boolean has(String name) {
            return vars.containsKey(name) || (parent != null && parent.has(name));
        }

        Object get(String name) {
            if (vars.containsKey(name)) {
                return vars.get(name);
            }
            return parent == null ? null : parent.get(name);
        }

        void set(String name, Object value) {
            if (vars.containsKey(name) || parent == null || !parent.has(name)) {
                vars.put(name, value);
            } else {
                parent.set(name, value);
            }
        }
    }

    /** A map key that is not there: prints as Go prints an invalid value. */
    private static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private record Exec(String name, Map<String, Function> functions, StringBuilder out) {

        TemplateException error(int line, String why) {
            return new TemplateException("template: " + name + ":" + line + ": " + why);
        }

        void list(List<Node> nodes, Object dot, Scope scope) throws TemplateException {
            for (Node n : nodes) {
                switch (n) {
                    case Text t -> out.append(t.text());
                    case Action a -> {
                        Object v = pipe(a.pipe(), dot, scope, a.line());
                        if (a.pipe().decl().isEmpty()) {
                            out.append(print(v));
                        }
                    }
                    case If i -> {
                        Scope inner = new Scope(scope);
                        if (truth(pipe(i.cond(), dot, inner, i.line()))) {
                            list(i.then(), dot, inner);
                        } else {
                            list(i.otherwise(), dot, new Scope(scope));
                        }
                    }
                    case With w -> {
                        Scope inner = new Scope(scope);
                        Object v = pipe(w.value(), dot, inner, w.line());
                        if (truth(v)) {
                            list(w.body(), v, inner);
                        } else {
                            list(w.otherwise(), dot, new Scope(scope));
                        }
                    }
                    case Range r -> range(r, dot, scope);
                }
            }
        }

        private void range(Range r, Object dot, Scope scope) throws TemplateException {
            Pipeline p = new Pipeline(List.of(), false, r.over().commands());
            Object over = pipe(p, dot, scope, r.line());
            List<Map.Entry<Object, Object>> items = new ArrayList<>();
            if (over instanceof Map<?, ?> m) {
                new java.util.TreeMap<Object, Object>(m).forEach((k, v) -> items.add(Map.entry(k, v == null ? NO_VALUE : v)));
            } else if (over instanceof Collection<?> c) {
                long i = 0;
                for (Object o : c) {
                    items.add(Map.entry(i++, o == null ? NO_VALUE : o));
                }
            } else if (over instanceof Long n) {
                for (long i = 0; i < n; i++) {
                    items.add(Map.entry(i, i));
                }
            } else if (over != null && over != NO_VALUE) {
                throw error(r.line(), "range can't iterate over " + print(over));
            }
            if (items.isEmpty()) {
                list(r.otherwise(), dot, new Scope(scope));
                return;
            }
            List<String> decl = r.over().decl();
            for (Map.Entry<Object, Object> item : items) {
                Scope inner = new Scope(scope);
                if (decl.size() == 1) {
                    inner.vars.put(decl.get(0), item.getValue());
                } else if (decl.size() == 2) {
                    inner.vars.put(decl.get(0), item.getKey());
                    inner.vars.put(decl.get(1), item.getValue());
                }
                list(r.body(), item.getValue(), inner);
            }
        }

        Object pipe(Pipeline p, Object dot, Scope scope, int line) throws TemplateException {
            Object value = null;
            boolean piped = false;
            for (List<Operand> cmd : p.commands()) {
                value = command(cmd, dot, scope, line, piped ? value : NOTHING);
                piped = true;
            }
            if (!p.decl().isEmpty()) {
                if (p.assign()) {
                    if (!scope.has(p.decl().get(0))) {
                        throw error(line, "undefined variable: " + p.decl().get(0));
                    }
                    scope.set(p.decl().get(0), value);
                } else {
                    scope.vars.put(p.decl().get(p.decl().size() - 1), value);
                }
            }
            return value;
        }

        private static final Object NOTHING = new Object();

        private Object command(List<Operand> cmd, Object dot, Scope scope, int line, Object piped)
                throws TemplateException {
            Operand head = cmd.get(0);
            if (head instanceof Func f) {
                List<Object> args = new ArrayList<>();
                for (int i = 1; i < cmd.size(); i++) {
                    args.add(operand(cmd.get(i), dot, scope, line));
                }
                if (piped != NOTHING) {
                    args.add(piped);
                }
                try {
                    return functions.get(f.name()).call(args);
                } catch (TemplateException e) {
                    throw error(line, "error calling " + f.name() + ": " + e.getMessage());
                } catch (RuntimeException e) {
                    throw error(line, "error calling " + f.name() + ": " + e.getMessage());
                }
            }
            if (cmd.size() > 1 || piped != NOTHING) {
                throw error(line, "can't give argument to non-function " + describe(head));
            }
            return operand(head, dot, scope, line);
        }

        private static String describe(Operand o) {
            return switch (o) {
                case Literal l -> GoFormat.value(l.value());
                case Dot d -> ".";
                case Field f -> "." + String.join(".", f.path());
                case Variable v -> v.name() + (v.path().isEmpty() ? "" : "." + String.join(".", v.path()));
                case Func f -> f.name();
                case Sub s -> "(...)";
            };
        }

        private Object operand(Operand o, Object dot, Scope scope, int line) throws TemplateException {
            return switch (o) {
                case Literal l -> l.value();
                case Dot d -> dot;
                case Field f -> fields(dot, f.path(), line);
                case Variable v -> {
                    if (!scope.has(v.name())) {
                        throw error(line, "undefined variable: " + v.name());
                    }
                    yield fields(scope.get(v.name()), v.path(), line);
                }
                case Func f -> command(List.of(f), dot, scope, line, NOTHING);
                case Sub s -> fields(pipe(s.pipe(), dot, new Scope(scope), line), s.path(), line);
            };
        }

        private Object fields(Object value, List<String> path, int line) throws TemplateException {
            Object v = value;
            for (String field : path) {
                java.util.Optional<Object> own = v instanceof Fields f ? f.field(field) : java.util.Optional.empty();
                if (own.isPresent()) {
                    v = own.get();
                } else if (v instanceof Map<?, ?> m) {
                    v = m.containsKey(field) ? m.get(field) : NO_VALUE;
                } else if (v == NO_VALUE || v == null) {
                    throw error(line, "nil pointer evaluating ." + field);
                } else {
                    throw error(line, "can't evaluate field " + field + " in type " + GoFormat.goType(v));
                }
            }
            return v;
        }
    }

    /** Go's truth: false, zero, nil, and empty strings, maps and lists are false. */
    static boolean truth(Object v) {
        if (v == null || v == NO_VALUE) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    static String print(Object v) {
        return v == NO_VALUE ? "<no value>" : GoFormat.value(v);
    }

    static boolean isNoValue(Object v) {
        return v == NO_VALUE;
    }
}
