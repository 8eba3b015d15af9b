package dev.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jira's REST API v2. The group's issue is found again by a label made from the group key (as Alertmanager's Jira
 * receiver does), so Jira itself remembers it across restarts: the first firing creates the issue, a later one
 * comments on it, a resolve takes {@code resolve_transition} (or comments when none is configured).
 */
final class JiraSender implements Sender {

    /** Jira's limit for a summary. */
    static final int MAX_SUMMARY = 255;

    private final ReceiverConfig.Jira config;
    private final Http http;

    JiraSender(ReceiverConfig.Jira config, Http http) {
        this.config = config;
        this.http = http;
    }

    static String groupLabel(Notification n) {
        return "ALERT{" + Hashes.groupHash(n.groupKey()) + "}";
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        try {
            ObjectNode search = Http.object();
            search.put("jql", "project = \"" + config.project() + "\" AND labels = \"" + groupLabel(n)
                    + "\" AND statusCategory != Done ORDER BY created DESC");
            search.put("maxResults", 1);
            search.putArray("fields").add("status");
            Http.Answer found = http.post(api("search"), search, config.http(), Map.of());
            if (!found.ok()) {
                return http.outcome(found);
            }
            JsonNode issues = Http.JSON.readTree(found.body()).path("issues");
            Optional<String> key = issues.isArray() && !issues.isEmpty()
                    ? Optional.of(issues.get(0).path("key").asText()) : Optional.empty();
            String text = texts.render("description", config.description(), Texts.body(n), n);
            if (n.status() == AlertStatus.FIRING) {
                return key.isPresent() ? comment(key.get(), text) : create(n, texts, text);
            }
            if (key.isEmpty()) {
                return new Outcome.Delivered();
            }
            return config.resolveTransition().isPresent()
                    ? transition(key.get(), config.resolveTransition().get())
                    : comment(key.get(), "Resolved.\n" + text);
        } catch (IOException e) {
            return Http.failed(e);
        }
    }

    private Outcome create(Notification n, Texts texts, String description) throws IOException, InterruptedException {
        ObjectNode body = Http.object();
        ObjectNode fields = body.putObject("fields");
        fields.putObject("project").put("key", config.project());
        fields.putObject("issuetype").put("name", config.issueType());
        fields.put("summary", Hashes.cut(texts.render("summary", config.summary(), Texts.title(n), n), MAX_SUMMARY));
        fields.put("description", description);
        ArrayNode labels = fields.putArray("labels");
        config.labels().forEach(labels::add);
        labels.add(groupLabel(n));
        config.priority().ifPresent(p -> fields.putObject("priority").put("name", p));
        return http.outcome(http.post(api("issue"), body, config.http(), Map.of()));
    }

    private Outcome comment(String key, String text) throws IOException, InterruptedException {
        ObjectNode body = Http.object().put("body", text);
        return http.outcome(http.post(api("issue/" + key + "/comment"), body, config.http(), Map.of()));
    }

    private Outcome transition(String key, String name) throws IOException, InterruptedException {
        Http.Answer listed = http.get(api("issue/" + key + "/transitions"), config.http());
        if (!listed.ok()) {
            return http.outcome(listed);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode t : Http.JSON.readTree(listed.body()).path("transitions")) {
            String each = t.path("name").asText();
            if (each.equalsIgnoreCase(name)) {
                ObjectNode body = Http.object();
                body.putObject("transition").put("id", t.path("id").asText());
                return http.outcome(http.post(api("issue/" + key + "/transitions"), body, config.http(), Map.of()));
            }
            names.add(each);
        }
        return new Outcome.Rejected("issue " + key + " has no transition named `" + name + "`; it has: "
                + String.join(", ", names));
    }

    private URI api(String path) {
        return URI.create(config.apiUrl().toString().replaceAll("/+$", "") + "/rest/api/2/" + path);
    }
}
