package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.auth.ApiToken;
import dev.vigil.auth.IssuedToken;
import dev.vigil.auth.Role;
import dev.vigil.auth.TokenStore;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

/** API tokens: listed without secrets, created with their secret shown once, revoked. */
final class TokenEndpoints {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final TokenStore tokens;

    TokenEndpoints(TokenStore tokens) {
        this.tokens = tokens;
    }

    Reply list(Call call) {
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("tokens");
        tokens.list().forEach(t -> list.add(view(t)));
        return Reply.ok(node);
    }

    Reply create(Call call) throws IOException {
        ObjectNode body = call.jsonBody(Set.of("name", "role"));
        String name = Json.requiredString(body, "name", 64);
        call.audit(name, "");
        if (!NAME.matcher(name).matches()) {
            throw ApiError.invalid("field 'name' must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        String roleText = Json.requiredString(body, "role", 16);
        Role role = Role.parse(roleText).orElseThrow(() ->
                ApiError.invalid("field 'role' must be viewer, operator or admin, got '" + Json.clip(roleText) + "'"));
        IssuedToken issued;
        // The check and the creation are one step for this server; the store enforces uniqueness as well.
        synchronized (this) {
            if (tokens.list().stream().anyMatch(t -> t.name().equals(name))) {
                throw ApiError.conflict("a token named '" + name + "' already exists; revoke it first or pick another name");
            }
            try {
                issued = tokens.create(name, role);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw ApiError.conflict("a token named '" + name + "' could not be created: it may already exist");
            }
        }
        call.audit(name, "role " + role.label());
        ObjectNode node = view(issued.token());
        node.put("secret", issued.secret());
        return Reply.json(201, node);
    }

    Reply revoke(Call call) {
        String idOrName = call.path("idOrName");
        if (!tokens.revoke(idOrName)) {
            throw ApiError.notFound("no token with id or name '" + Json.clip(idOrName) + "'");
        }
        return Reply.noContent();
    }

    private static ObjectNode view(ApiToken t) {
        ObjectNode node = Json.object();
        node.put("id", t.id());
        node.put("name", t.name());
        node.put("role", t.role().label());
        node.put("created_at", t.createdAt().toString());
        return node;
    }
}
