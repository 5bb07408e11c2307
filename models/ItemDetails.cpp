#include "ItemDetails.h"

#include "SqliteText.h"
#include "Workspace.h"

ItemDetails ItemDetails::load(const Workspace &workspace, int64_t itemId)
{
    ItemDetails d;
    const SqliteDatabase &db = workspace.db();
    SqliteStatement st = db.prepare(
        "SELECT i.id, i.ref, i.kind, coalesce(i.name,''), coalesce(i.actor,''), s.path, s.format, i.start_ns, "
        "i.end_ns, "
        "s.clock_offset_ns, i.status, coalesce(i.status_message,''), coalesce(i.trace_id,''), coalesce(i.span_id,''), "
        "coalesce(i.parent_span_id,''), coalesce(i.model_requested,''), coalesce(i.model_served,''), "
        "coalesce(i.prompt_name,''), coalesce(i.prompt_version,''), coalesce(i.input_tokens,-1), "
        "coalesce(i.output_tokens,-1), coalesce(i.text,''), coalesce(i.attrs,''), coalesce(i.detail,'') "
        "FROM items i JOIN sources s ON s.id = i.source_id WHERE i.id = ?");
    st.bind(1, itemId);
    if (!st.step())
        return d;
    d.id = st.int64(0);
    d.ref = columnText(st, 1);
    d.kind = columnText(st, 2);
    d.name = columnText(st, 3);
    d.actor = columnText(st, 4);
    d.source = columnText(st, 5);
    d.format = columnText(st, 6);
    d.startNs = st.int64(7);
    d.endNs = st.int64(8);
    d.clockOffsetNs = st.int64(9);
    d.status = st.integer(10);
    d.statusMessage = columnText(st, 11);
    d.traceId = columnText(st, 12);
    d.spanId = columnText(st, 13);
    d.parentSpanId = columnText(st, 14);
    d.modelRequested = columnText(st, 15);
    d.modelServed = columnText(st, 16);
    d.promptName = columnText(st, 17);
    d.promptVersion = columnText(st, 18);
    d.inputTokens = st.int64(19);
    d.outputTokens = st.int64(20);
    d.text = columnText(st, 21);
    d.attrsJson = columnText(st, 22);
    d.detailJson = columnText(st, 23);

    SqliteStatement keys
        = db.prepare("SELECT kind, value, coalesce(field,'') FROM item_keys WHERE item_id = ? LIMIT 200");
    keys.bind(1, itemId);
    while (keys.step())
        d.keys.push_back({columnText(keys, 0), columnText(keys, 1), columnText(keys, 2)});

    SqliteStatement edges = db.prepare(
        "SELECT e.id, CASE WHEN e.from_item = ?1 THEN e.to_item ELSE e.from_item END, e.rule, e.weight, e.evidence, "
        "e.suggested, e.from_item = ?1, (SELECT coalesce(o.name, o.kind) || ' (' || s.path || ' ' || o.ref || ')' "
        "FROM items o JOIN sources s ON s.id = o.source_id WHERE o.id = CASE WHEN e.from_item = ?1 THEN e.to_item "
        "ELSE e.from_item END) FROM edges e WHERE e.from_item = ?1 OR e.to_item = ?1 ORDER BY e.weight DESC LIMIT 100");
    edges.bind(1, itemId);
    while (edges.step())
        d.edges.push_back({edges.int64(0), edges.int64(1), columnText(edges, 7), columnText(edges, 2), edges.real(3),
            columnText(edges, 4), edges.int64(5) != 0, edges.int64(6) != 0});

    SqliteStatement findings
        = db.prepare("SELECT kind, severity, explanation, confidence, coalesce(related_item_id, 0) "
                     "FROM findings WHERE item_id = ?1 OR related_item_id = ?1");
    findings.bind(1, itemId);
    while (findings.step())
        d.findings.push_back({columnText(findings, 0), columnText(findings, 1), columnText(findings, 2),
            findings.real(3), findings.int64(4)});

    if (!d.spanId.isEmpty()) {
        // Log records naming this span set trace_id and parent_span_id and leave span_id empty.
        SqliteStatement logs = db.prepare("SELECT id, start_ns, coalesce(text, name, '') FROM items WHERE trace_id = ? "
                                          "AND parent_span_id = ? AND coalesce(span_id, '') = '' ORDER BY start_ns "
                                          "LIMIT 200");
        logs.bind(1, d.traceId.toStdString());
        logs.bind(2, d.spanId.toStdString());
        while (logs.step())
            d.logs.push_back({logs.int64(0), logs.int64(1), columnText(logs, 2)});
    }

    SqliteStatement media
        = db.prepare("SELECT mime, duration_ns, coalesce(width,0), coalesce(height,0) FROM media WHERE item_id = ? "
                     "ORDER BY id LIMIT 1");
    media.bind(1, itemId);
    if (media.step()) {
        d.hasMedia = true;
        d.mediaMime = columnText(media, 0);
        d.mediaDurationNs = media.int64(1);
        d.mediaWidth = media.integer(2);
        d.mediaHeight = media.integer(3);
    }
    return d;
}

int64_t ItemDetails::findByRef(const Workspace &workspace, const QString &ref, int64_t conversationId)
{
    SqliteStatement st = workspace.db().prepare(
        "SELECT i.id FROM items i WHERE i.ref = ?1 ORDER BY EXISTS(SELECT 1 FROM conversation_items ci WHERE "
        "ci.item_id = i.id AND ci.conversation_id = ?2) DESC, i.id LIMIT 1");
    st.bind(1, ref.toStdString());
    st.bind(2, conversationId);
    return st.step() ? st.int64(0) : 0;
}
