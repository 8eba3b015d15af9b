package dev.vigil.stack;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which environment values are secrets, and how they are shown: never. A key that looks like a secret
 * (PASS, SECRET, TOKEN, KEY, CREDENTIAL, ... anywhere in its name) is one, and so is every key a service
 * lists under {@code secrets}. Command lines and URLs shown in events, metrics and the API are masked by the same
 * rule: the value of a secret-looking option or assignment, an Authorization header, a URL's password.
 */
public final class Secrets {

    /** What is shown instead of a secret value. */
    public static final String MASK = "***";

    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(PASS|PWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH).*");

    /** {@code name=value} inside an argument, or an option {@code --name value} spread over two arguments. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][\\w.-]*)=(\"[^\"]*\"|'[^']*'|[^\\s&;|]+)");
    private static final Pattern OPTION_THEN_VALUE =
            Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)(\\s+)(\"[^\"]*\"|'[^']*'|[^\\s&;|-][^\\s&;|]*)");
    private static final Pattern OPTION = Pattern.compile("--?[A-Za-z][\\w-]*");
    private static final Pattern AUTHORIZATION =
            Pattern.compile("(?i)((?:proxy-)?authorization:\\s*)([^\"'\\n]+)");
    private static final Pattern URL_USERINFO = Pattern.compile("(\\b[A-Za-z][\\w+.-]*://)([^/@\\s:]*)(:[^/@\\s]*)?@");

    private Secrets() {
    }

    public static boolean looksSecret(String key) {
        return SECRET_KEY.matcher(key.toUpperCase(Locale.ROOT)).matches();
    }

    /** The service's environment with every secret value replaced by {@link #MASK}. */
    public static Map<String, String> redactedEnv(ServiceSpec spec) {
        Map<String, String> shown = new LinkedHashMap<>();
        spec.env().forEach((key, value) -> shown.put(key, isSecret(spec, key) ? MASK : value));
        return shown;
    }

    /** The key looks secret, or the service declares it secret. */
    public static boolean isSecret(ServiceSpec spec, String key) {
        return looksSecret(key) || spec.secrets().contains(key);
    }

    /**
     * A command line as it may be shown: every secret-looking {@code --password=x}, {@code --token x},
     * {@code API_KEY=x} (also inside a {@code sh -c} script), Authorization header and URL password masked.
     */
    public static List<String> maskedCommand(List<String> command) {
        List<String> shown = new ArrayList<>(command.size());
        boolean valueIsSecret = false;
        for (String arg : command) {
            if (valueIsSecret && !arg.startsWith("-")) {
                shown.add(MASK);
                valueIsSecret = false;
                continue;
            }
            valueIsSecret = OPTION.matcher(arg).matches() && looksSecret(arg);
            shown.add(maskedText(arg));
        }
        return shown;
    }

    /** A URL as it may be shown: its password (or a lone user part, often a token) and secret-looking query values masked. */
    public static String maskedUrl(URI url) {
        return maskedText(url.toString());
    }

    /** Free text (one argument, a script, a URL) with every secret it visibly carries masked. */
    public static String maskedText(String text) {
        String shown = replace(AUTHORIZATION, text, m -> m.group(1) + MASK);
        shown = replace(URL_USERINFO, shown, m -> m.group(1)
                + (m.group(3) == null ? MASK : m.group(2) + ":" + MASK) + "@");
        shown = replace(ASSIGNMENT, shown, m -> looksSecret(m.group(1)) ? m.group(1) + "=" + MASK : m.group());
        return replace(OPTION_THEN_VALUE, shown, m -> looksSecret(m.group(1))
                ? m.group(1) + m.group(2) + MASK : m.group());
    }

    private static String replace(Pattern pattern, String text, Function<MatchResult, String> with) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(with.apply(m)));
    }
}
