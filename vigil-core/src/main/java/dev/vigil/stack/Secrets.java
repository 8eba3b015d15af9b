package dev.vigil.stack;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which environment values are secrets, and how they are shown: never. A key that looks like a secret
 * (PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL, ... anywhere in its name) is one, and so is every key a service
 * lists under {@code secrets}.
 */
public final class Secrets {

    /** What is shown instead of a secret value. */
    public static final String MASK = "***";

    private static final Pattern SECRET_KEY =
            Pattern.compile(".*(PASSWORD|PASSWD|PWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE|AUTH).*");

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
}
