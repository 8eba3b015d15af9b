package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.audit.AuditEntry;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.AuditVerification;

import java.util.List;

/** The audit trail: paged reading and verification of its hash chain. */
final class AuditEndpoints {

    private final AuditLog audit;

    AuditEndpoints(AuditLog audit) {
        this.audit = audit;
    }

    Reply list(Call call) {
        long after = call.idQuery("after").orElse(0);
        int limit = call.intQuery("limit", 100, 1, 1000);
        List<AuditEntry> entries = audit.list(after, limit);
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("entries");
        for (AuditEntry e : entries) {
            ObjectNode n = list.addObject();
            n.put("seq", e.seq());
            n.put("at", e.record().at().toString());
            n.put("actor", e.record().actor());
            n.put("action", e.record().action());
            n.put("target", e.record().target());
            n.put("reason", e.record().reason());
            n.put("result", e.record().result());
            n.put("previous_hash", e.previousHash());
            n.put("hash", e.hash());
        }
        if (entries.size() == limit) {
            node.put("next_after", entries.get(entries.size() - 1).seq());
        } else {
            node.putNull("next_after");
        }
        return Reply.ok(node);
    }

    Reply verify(Call call) {
        ObjectNode node = Json.object();
        switch (audit.verify()) {
            case AuditVerification.Intact intact -> {
                node.put("intact", true);
                node.put("entries", intact.entries());
            }
            case AuditVerification.Broken broken -> {
                node.put("intact", false);
                node.put("broken_at", broken.seq());
                node.put("reason", broken.reason());
                node.put("entries_checked", broken.entriesChecked());
            }
        }
        return Reply.ok(node);
    }
}
