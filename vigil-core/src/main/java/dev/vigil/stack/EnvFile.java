package dev.vigil.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The variables of an env file: {@code KEY=VALUE} lines, {@code #} comments, blank lines, an optional
 * {@code export } prefix and optional quotes around the value.
 *
 * @param values the variables in file order; a later line wins over an earlier one with the same key
 * @param errors one text per line that is not a variable, e.g. {@code line 3: expected KEY=VALUE}
 */
public record EnvFile(Map<String, String> values, List<String> errors) {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EnvFile {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        errors = List.copyOf(errors);
    }

    public static EnvFile read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static EnvFile parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring(7).strip();
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                errors.add("line " + (n + 1) + ": expected KEY=VALUE");
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!NAME.matcher(key).matches()) {
                errors.add("line " + (n + 1) + ": `" + key + "` is not a variable name");
                continue;
            }
            try {
                values.put(key, value(line.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                errors.add("line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new EnvFile(values, errors);
    }

    private static String value(String raw) {
        if (raw.startsWith("'") || raw.startsWith("\"")) {
            char quote = raw.charAt(0);
            StringBuilder out = new StringBuilder();
            int i = 1;
            while (i < raw.length() && raw.charAt(i) != quote) {
                char c = raw.charAt(i);
                if (quote == '"' && c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(i + 1);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> next;
                    });
                    i += 2;
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (i >= raw.length()) {
                throw new IllegalArgumentException(quote == '"' ? "unclosed double quote" : "unclosed single quote");
            }
            String rest = raw.substring(i + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new IllegalArgumentException("unexpected text after the closing quote");
            }
            return out.toString();
        }
        // As in dotenv and Compose: an unquoted value ends at a '#' that follows whitespace.
        int comment = raw.indexOf(" #");
        int tabComment = raw.indexOf("\t#");
        if (tabComment >= 0 && (comment < 0 || tabComment < comment)) {
            comment = tabComment;
        }
        return comment >= 0 ? raw.substring(0, comment).strip() : raw;
    }
}
