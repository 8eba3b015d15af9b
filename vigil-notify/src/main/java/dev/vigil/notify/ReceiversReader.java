package dev.vigil.notify;

import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.MapReader;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.Problems;
import dev.vigil.stack.Suggestions;
import dev.vigil.stack.YamlNodes;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Alertmanager's {@code receivers:} section (pasted from an alertmanager.yml) plus Vigil's own
 * {@code jira_configs}, {@code datadog_configs} and {@code ntfy_configs}. Every problem names its key path; keys
 * Alertmanager has and Vigil does not are named as unsupported rather than unknown.
 */
public final class ReceiversReader {

    static final List<String> CONFIG_KINDS = List.of("webhook_configs", "slack_configs", "pagerduty_configs",
            "email_configs", "msteams_configs", "msteamsv2_configs", "discord_configs", "telegram_configs",
            "jira_configs", "datadog_configs", "ntfy_configs");
    /** Alertmanager receivers Vigil does not have. */
    static final List<String> UNSUPPORTED_KINDS = List.of("opsgenie_configs", "wechat_configs", "pushover_configs",
            "victorops_configs", "sns_configs", "webex_configs", "rocketchat_configs", "incidentio_configs",
            "mattermost_configs");
    /** Alertmanager keys Vigil does not support (yet), in any config or {@code http_config}. */
    static final List<String> UNSUPPORTED_KEYS = List.of("tls_config", "proxy_url", "no_proxy",
            "proxy_from_environment", "proxy_connect_header", "follow_redirects", "enable_http2", "oauth2",
            "http_headers", "auth_identity", "auth_secret", "auth_secret_file", "html", "actions", "links",
            "images", "details", "component", "group", "class", "source", "summary_file", "timeout",
            "icon_url", "icon_emoji", "color", "footer", "pretext", "fields", "mrkdwn_in", "callback_id",
            "short_fields", "link_names", "title_link", "image_url", "thumb_url", "update_message", "app_token",
            "app_token_file", "reopen_transition", "wont_fix_resolution", "reopen_duration", "custom_fields",
            "api_type", "content", "avatar_url", "username_file", "client_url", "summary", "service_key",
            "service_key_file", "http_config");
    static final List<String> HTTP_KEYS = List.of("basic_auth", "authorization", "bearer_token",
            "bearer_token_file", "bearer_token_env");
    static final List<String> PARSE_MODES = List.of("HTML", "Markdown", "MarkdownV2");
    static final List<String> PD_SEVERITIES = List.of("critical", "error", "warning", "info");

    private final NodeReader reader;
    private final SecretReader secrets;
    /** The receivers' names read so far, with where; a name must be unique. */
    private final Map<String, Node> names = new HashMap<>();

    public ReceiversReader(NodeReader reader, Path baseDir, Function<String, Optional<String>> env) {
        this.reader = reader;
        this.secrets = new SecretReader(reader, baseDir, env);
    }

    /**
     * Reads a YAML document with a top-level {@code receivers:} list.
     *
     * @throws InvalidStackException with every problem found, in file order
     */
    public static List<Receiver> parse(String text, String file, Path baseDir, Function<String, Optional<String>> env) {
        Problems problems = new Problems(file);
        NodeReader reader = new NodeReader(problems);
        Optional<Node> root = YamlNodes.compose(text, (line, column, message) -> problems.add(line, column, "", message));
        List<Receiver> out = List.of();
        if (root.isPresent()) {
            Optional<MapReader> top = reader.map(root.get(), root.get(), "", List.of("receivers"));
            if (top.isPresent()) {
                Optional<Node> list = top.get().required("receivers");
                if (list.isPresent()) {
                    out = new ReceiversReader(reader, baseDir, env).receivers(list.get(), "receivers");
                }
            }
        }
        problems.throwIfAny();
        return out;
    }

    /** The receivers in a {@code receivers:} list; names must be unique. */
    public List<Receiver> receivers(Node node, String path) {
        names.clear();
        return reader.items(node, path, "a list of receivers", this::receiver);
    }

    private Optional<Receiver> receiver(Node node, String path) {
        Optional<MapReader> found = checkedMap(node, path, concat(List.of("name"), CONFIG_KINDS), UNSUPPORTED_KINDS,
                "receiver kind");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<String> name = map.required("name").flatMap(n -> reader.string(n, map.path("name")));
        if (name.isPresent()) {
            Node at = map.get("name").orElseThrow();
            Node first = names.putIfAbsent(name.get(), at);
            if (first != null) {
                reader.problem(at, map.path("name"), "receiver `" + name.get() + "` is already defined at line "
                        + (first.getStartMark().getLine() + 1));
            }
        }
        List<ReceiverConfig> configs = new ArrayList<>();
        for (String kind : CONFIG_KINDS) {
            map.get(kind).ifPresent(list -> configs.addAll(reader.items(list, map.path(kind), "a list of configs",
                    (item, itemPath) -> config(kind, item, itemPath))));
        }
        return name.map(n -> new Receiver(n, configs));
    }

    private Optional<ReceiverConfig> config(String kind, Node node, String path) {
        return switch (kind) {
            case "webhook_configs" -> webhook(node, path);
            case "slack_configs" -> slack(node, path);
            case "pagerduty_configs" -> pagerduty(node, path);
            case "email_configs" -> email(node, path);
            case "msteams_configs" -> teams(node, path, false);
            case "msteamsv2_configs" -> teams(node, path, true);
            case "discord_configs" -> discord(node, path);
            case "telegram_configs" -> telegram(node, path);
            case "jira_configs" -> jira(node, path);
            case "datadog_configs" -> datadog(node, path);
            case "ntfy_configs" -> ntfy(node, path);
            default -> throw new IllegalStateException("no reader for " + kind);
        };
    }

    private Optional<ReceiverConfig> webhook(Node node, String path) {
        Optional<MapReader> found = configMap(node, path, SecretReader.keys("url"), "max_alerts", "http_config");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> url = secretUrl(m, node, "url", true);
        int maxAlerts = m.get("max_alerts").flatMap(n -> reader.integer(n, m.path("max_alerts"), 0, 1_000_000))
                .orElse(0);
        HttpConfig http = http(m);
        boolean resolved = sendResolved(m, true);
        return url.map(u -> new ReceiverConfig.Webhook(u, resolved, maxAlerts, http));
    }

    private Optional<ReceiverConfig> slack(Node node, String path) {
        Optional<MapReader> found = configMap(node, path, SecretReader.keys("api_url"), "channel", "username",
                "title", "text", "http_config");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> url = secretUrl(m, node, "api_url", false);
        Optional<String> channel = text(m, "channel");
        Optional<String> username = text(m, "username");
        Optional<String> title = text(m, "title");
        Optional<String> text = text(m, "text");
        HttpConfig http = http(m);
        boolean resolved = sendResolved(m, false);
        return url.map(u -> new ReceiverConfig.Slack(u, channel, username, title, text, resolved, http));
    }

    private Optional<ReceiverConfig> pagerduty(Node node, String path) {
        List<String> own = concat(SecretReader.keys("routing_key"), List.of("url", "description", "severity",
                "client", "http_config"));
        Optional<MapReader> found = configMap(node, path, own);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> key = secrets.read(m, node, "routing_key", true, false);
        URI url = url(m, "url").orElse(ReceiverConfig.PagerDuty.DEFAULT_URL);
        Optional<String> description = text(m, "description");
        String severity = m.get("severity").flatMap(n -> reader.choice(n, m.path("severity"), "severity",
                PD_SEVERITIES, s -> PD_SEVERITIES.contains(s) ? Optional.of(s) : Optional.empty())).orElse("error");
        String client = text(m, "client").orElse("Vigil");
        HttpConfig http = http(m);
        boolean resolved = sendResolved(m, true);
        return key.map(k -> new ReceiverConfig.PagerDuty(k, url, description, severity, client, resolved, http));
    }

    private Optional<ReceiverConfig> email(Node node, String path) {
        List<String> own = concat(SecretReader.keys("auth_password"), List.of("to", "from", "smarthost", "hello",
                "auth_username", "require_tls", "headers", "text"));
        Optional<MapReader> found = configMap(node, path, own);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        List<String> to = m.required("to").flatMap(n -> reader.string(n, m.path("to")))
                .map(s -> Stream.of(s.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList())
                .orElse(List.of());
        Optional<String> from = m.required("from").flatMap(n -> reader.string(n, m.path("from")));
        Optional<String> smarthost = m.required("smarthost").flatMap(n -> hostPort(n, m.path("smarthost")));
        Optional<String> hello = text(m, "hello");
        Optional<String> user = text(m, "auth_username");
        Optional<Secret> password = secrets.read(m, node, "auth_password", false, false);
        if (m.has("auth_username") != hasAny(m, "auth_password")) {
            reader.problem(node, path, "`auth_username` and `auth_password_file`/`auth_password_env` go together");
        }
        boolean requireTls = m.get("require_tls").flatMap(n -> reader.bool(n, m.path("require_tls"))).orElse(true);
        Map<String, String> headers = new LinkedHashMap<>();
        m.get("headers").flatMap(n -> reader.namedMap(n, m.path("headers"))).ifPresent(h -> {
            for (NodeTuple t : h.entries()) {
                String name = YamlNodes.keyName(t.getKeyNode());
                reader.string(t.getValueNode(), h.path(name)).ifPresent(v -> headers.put(name, v));
            }
        });
        Optional<String> text = text(m, "text");
        boolean resolved = sendResolved(m, false);
        if (from.isEmpty() || smarthost.isEmpty() || to.isEmpty()) {
            return Optional.empty();
        }
        String hp = smarthost.get();
        int colon = hp.lastIndexOf(':');
        return Optional.of(new ReceiverConfig.Email(to, from.get(), hp.substring(0, colon),
                Integer.parseInt(hp.substring(colon + 1)), hello, user, password, requireTls, headers, text, resolved));
    }

    private Optional<ReceiverConfig> teams(Node node, String path, boolean v2) {
        Optional<MapReader> found = configMap(node, path, SecretReader.keys("webhook_url"), "title", "text",
                "http_config");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> url = secretUrl(m, node, "webhook_url", false);
        Optional<String> title = text(m, "title");
        Optional<String> text = text(m, "text");
        HttpConfig http = http(m);
        boolean resolved = sendResolved(m, true);
        return url.map(u -> new ReceiverConfig.Teams(v2, u, title, text, resolved, http));
    }

    private Optional<ReceiverConfig> discord(Node node, String path) {
        Optional<MapReader> found = configMap(node, path, SecretReader.keys("webhook_url"), "title", "message",
                "http_config");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> url = secretUrl(m, node, "webhook_url", false);
        Optional<String> title = text(m, "title");
        Optional<String> message = text(m, "message");
        HttpConfig http = http(m);
        boolean resolved = sendResolved(m, true);
        return url.map(u -> new ReceiverConfig.Discord(u, title, message, resolved, http));
    }

    private Optional<ReceiverConfig> telegram(Node node, String path) {
        List<String> own = concat(SecretReader.keys("bot_token"), List.of("chat_id", "message_thread_id",
                "api_url", "message", "parse_mode", "disable_notifications"));
        Optional<MapReader> found = configMap(node, path, own);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> token = secrets.read(m, node, "bot_token", true, false);
        Optional<Long> chat = m.required("chat_id").flatMap(n -> chatId(n, m.path("chat_id")));
        Optional<Integer> thread = m.get("message_thread_id")
                .flatMap(n -> reader.integer(n, m.path("message_thread_id"), 1, Integer.MAX_VALUE));
        URI api = url(m, "api_url").orElse(ReceiverConfig.Telegram.DEFAULT_URL);
        Optional<String> message = text(m, "message");
        String mode = m.get("parse_mode").flatMap(n -> reader.choice(n, m.path("parse_mode"), "parse mode",
                PARSE_MODES, s -> PARSE_MODES.contains(s) ? Optional.of(s) : Optional.empty())).orElse("HTML");
        boolean quiet = m.get("disable_notifications")
                .flatMap(n -> reader.bool(n, m.path("disable_notifications"))).orElse(false);
        boolean resolved = sendResolved(m, true);
        if (token.isEmpty() || chat.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReceiverConfig.Telegram(token.get(), chat.get(), thread, api, message, mode, quiet,
                resolved));
    }

    private Optional<ReceiverConfig> jira(Node node, String path) {
        Optional<MapReader> found = configMap(node, path, List.of("api_url", "project", "issue_type", "summary",
                "description", "labels", "priority", "resolve_transition", "http_config"));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<URI> api = m.has("api_url") ? url(m, "api_url") : missing(node, m, "api_url");
        Optional<String> project = m.required("project").flatMap(n -> reader.string(n, m.path("project")));
        Optional<String> issueType = m.required("issue_type").flatMap(n -> reader.string(n, m.path("issue_type")));
        Optional<String> summary = text(m, "summary");
        Optional<String> description = text(m, "description");
        List<String> labels = m.get("labels").map(n -> reader.strings(n, m.path("labels"))).orElse(List.of());
        for (String label : labels) {
            if (label.isBlank() || label.chars().anyMatch(Character::isWhitespace)) {
                reader.problem(m.get("labels").orElseThrow(), m.path("labels"),
                        "Jira labels cannot contain spaces: " + YamlNodes.quote(label));
            }
        }
        Optional<String> priority = text(m, "priority");
        Optional<String> resolve = text(m, "resolve_transition");
        HttpConfig http = http(m);
        boolean resolved = sendResolved(m, true);
        if (api.isEmpty() || project.isEmpty() || issueType.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReceiverConfig.Jira(api.get(), project.get(), issueType.get(), summary, description,
                labels, priority, resolve, resolved, http));
    }

    private Optional<ReceiverConfig> datadog(Node node, String path) {
        Optional<MapReader> found = configMap(node, path, SecretReader.keys("api_key"), "api_url", "title", "text",
                "tags");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<Secret> key = secrets.read(m, node, "api_key", true, false);
        URI api = url(m, "api_url").orElse(ReceiverConfig.Datadog.DEFAULT_URL);
        Optional<String> title = text(m, "title");
        Optional<String> text = text(m, "text");
        List<String> tags = m.get("tags").map(n -> reader.strings(n, m.path("tags"))).orElse(List.of());
        boolean resolved = sendResolved(m, true);
        return key.map(k -> new ReceiverConfig.Datadog(k, api, title, text, tags, resolved));
    }

    private Optional<ReceiverConfig> ntfy(Node node, String path) {
        Optional<MapReader> found = configMap(node, path, SecretReader.keys("token"), "url", "topic", "title",
                "message", "priority", "tags");
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        URI url = url(m, "url").orElse(ReceiverConfig.Ntfy.DEFAULT_URL);
        Optional<String> topic = m.required("topic").flatMap(n -> reader.string(n, m.path("topic")));
        Optional<Secret> token = secrets.read(m, node, "token", false, false);
        Optional<String> title = text(m, "title");
        Optional<String> message = text(m, "message");
        int priority = m.get("priority").flatMap(n -> reader.integer(n, m.path("priority"), 1, 5)).orElse(4);
        List<String> tags = m.get("tags").map(n -> reader.strings(n, m.path("tags"))).orElse(List.of());
        boolean resolved = sendResolved(m, true);
        return topic.map(t -> new ReceiverConfig.Ntfy(url, t, token, title, message, priority, tags, resolved));
    }

    // ---- shared pieces

    /** A config's map: its own keys and {@code send_resolved}, with the unsupported ones named. */
    private Optional<MapReader> configMap(Node node, String path, List<String> own, String... more) {
        List<String> supported = concat(own, List.of(more), List.of("send_resolved"));
        return checkedMap(node, path, supported, UNSUPPORTED_KEYS, "key");
    }

    /**
     * A map with a fixed set of keys, where a key Alertmanager has and Vigil does not is named as unsupported, and
     * an unknown one gets a suggestion among the supported keys only; duplicate and merge keys are refused as in a
     * stack file.
     */
    private Optional<MapReader> checkedMap(Node node, String path, List<String> supported, List<String> unsupported,
                                           String what) {
        if (!(node instanceof MappingNode map)) {
            reader.wrongType(node, path, "a map");
            return Optional.empty();
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        Map<String, Node> seen = new HashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                reader.problem(tuple.getKeyNode(), path, "expected a key name, found "
                        + YamlNodes.describe(tuple.getKeyNode()));
                continue;
            }
            String name = key.getValue();
            String keyPath = path.isEmpty() ? name : path + "." + name;
            Node first = seen.putIfAbsent(name, key);
            if (first != null) {
                reader.problem(key, keyPath, "duplicate key; first defined at line "
                        + (first.getStartMark().getLine() + 1));
            } else if (key.getTag().equals(Tag.MERGE)) {
                reader.problem(key, keyPath, "merge keys (`<<`) are not supported; write the keys out");
            } else if (supported.contains(name)) {
                entries.put(name, tuple);
            } else if (unsupported.contains(name)) {
                reader.problem(key, keyPath, "unsupported " + what + " `" + name
                        + "`: Alertmanager has it, Vigil does not");
            } else {
                reader.problem(key, keyPath, Suggestions.closest(name, supported)
                        .map(c -> "unknown key; did you mean `" + c + "`?")
                        .orElseGet(() -> "unknown key; expected one of " + String.join(", ", supported)));
            }
        }
        return Optional.of(MapReader.of(map, path, entries, reader));
    }

    /** A secret that is a URL: checked at load, and named by its source, never shown, when it is not one. */
    private Optional<Secret> secretUrl(MapReader m, Node at, String key, boolean inlineAllowed) {
        Optional<Secret> secret = secrets.read(m, at, key, true, inlineAllowed);
        if (secret.isPresent() && !isHttpUrl(secret.get().reveal())) {
            String written = SecretReader.keys(key).stream().filter(m::has).findFirst().orElse(key);
            reader.problem(m.get(written).orElse(at), m.path(written), "expected an http:// or https:// URL in "
                    + secret.get().source() + " (its value is not shown)");
            return Optional.empty();
        }
        return secret;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private HttpConfig http(MapReader m) {
        Optional<MapReader> found = m.get("http_config").flatMap(n -> checkedMap(n, m.path("http_config"), HTTP_KEYS,
                UNSUPPORTED_KEYS, "key"));
        if (found.isEmpty()) {
            return HttpConfig.NONE;
        }
        MapReader h = found.get();
        Optional<HttpConfig.BasicAuth> basic = h.get("basic_auth").flatMap(n -> reader.map(n, n,
                h.path("basic_auth"), concat(List.of("username"), SecretReader.keys("password")))).flatMap(b -> {
                    Optional<String> user = b.required("username").flatMap(u -> reader.string(u, b.path("username")));
                    Optional<Secret> password = secrets.read(b, h.get("basic_auth").orElseThrow(), "password", true,
                            false);
                    return user.flatMap(u -> password.map(p -> new HttpConfig.BasicAuth(u, p)));
                });
        Optional<HttpConfig.Authorization> auth = h.get("authorization").flatMap(n -> reader.map(n, n,
                h.path("authorization"), concat(List.of("type"), SecretReader.keys("credentials")))).flatMap(a -> {
                    String type = a.get("type").flatMap(t -> reader.string(t, a.path("type"))).orElse("Bearer");
                    Optional<Secret> credentials = secrets.read(a, h.get("authorization").orElseThrow(),
                            "credentials", true, false);
                    return credentials.map(c -> new HttpConfig.Authorization(type, c));
                });
        if (hasAny(h, "bearer_token")) {
            Optional<Secret> bearer = secrets.read(h, h.get("bearer_token").orElse(m.get("http_config").orElseThrow()),
                    "bearer_token", true, false);
            if (auth.isPresent()) {
                reader.problem(m.get("http_config").orElseThrow(), h.path("bearer_token"),
                        "give `authorization` or a bearer token, not both");
            } else {
                auth = bearer.map(b -> new HttpConfig.Authorization("Bearer", b));
            }
        }
        if (basic.isPresent() && auth.isPresent()) {
            reader.problem(m.get("http_config").orElseThrow(), h.path("basic_auth"),
                    "give `basic_auth` or `authorization`, not both");
        }
        return new HttpConfig(basic, auth);
    }

    private static boolean hasAny(MapReader m, String key) {
        return SecretReader.keys(key).stream().anyMatch(m::has);
    }

    private boolean sendResolved(MapReader m, boolean byDefault) {
        return m.get("send_resolved").flatMap(n -> reader.bool(n, m.path("send_resolved"))).orElse(byDefault);
    }

    private Optional<String> text(MapReader m, String key) {
        return m.get(key).flatMap(n -> reader.string(n, m.path(key)));
    }

    private Optional<URI> url(MapReader m, String key) {
        return m.get(key).flatMap(n -> reader.string(n, m.path(key)).flatMap(s -> {
            if (isHttpUrl(s)) {
                return Optional.of(URI.create(s));
            }
            reader.problem(n, m.path(key), "expected an http:// or https:// URL, found " + YamlNodes.quote(s));
            return Optional.empty();
        }));
    }

    private <T> Optional<T> missing(Node at, MapReader m, String key) {
        reader.problem(at, m.path(key), "missing required key `" + key + "`");
        return Optional.empty();
    }

    private Optional<String> hostPort(Node node, String path) {
        return reader.string(node, path).flatMap(s -> {
            int colon = s.lastIndexOf(':');
            if (colon > 0 && s.substring(colon + 1).matches("\\d{1,5}")
                    && Integer.parseInt(s.substring(colon + 1)) <= 65535) {
                return Optional.of(s);
            }
            reader.problem(node, path, "expected host:port, e.g. `smtp.example.org:587`, found " + YamlNodes.quote(s));
            return Optional.empty();
        });
    }

    private Optional<Long> chatId(Node node, String path) {
        if (node instanceof ScalarNode s && s.getValue().matches("-?\\d{1,19}")) {
            try {
                return Optional.of(Long.parseLong(s.getValue()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        reader.wrongType(node, path, "a chat id (an integer)");
        return Optional.empty();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Stream.of(lists).flatMap(List::stream).toList();
    }
}
