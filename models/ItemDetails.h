#pragma once
#include <QString>

#include <cstdint>
#include <vector>

class Workspace;

// Everything the details panel shows about one item, read at selection time: the items row,
// its source, keys, the edges that joined it (rule, weight, evidence), findings about it, the
// log lines attached to its span, and its media's shape (not its bytes).
struct ItemDetails
{
    struct Key
    {
        QString kind;
        QString value;
        QString field;
    };
    struct Edge
    {
        int64_t id = 0;
        int64_t otherItemId = 0;
        QString otherLabel;
        QString rule;
        double weight = 0;
        QString evidence;
        bool suggested = false;
        bool outgoing = true;
    };
    struct Finding
    {
        QString kind;
        QString severity;
        QString explanation;
        double confidence = 1.0;
        int64_t relatedItemId = 0;
    };
    struct LogLine
    {
        int64_t itemId = 0;
        int64_t startNs = 0;
        QString text;
    };

    int64_t id = 0; // 0 when the item does not exist
    QString ref, kind, name, actor, source, format;
    int64_t startNs = 0, endNs = 0, clockOffsetNs = 0;
    int status = 0;
    QString statusMessage, traceId, spanId, parentSpanId;
    QString modelRequested, modelServed, promptName, promptVersion;
    int64_t inputTokens = -1, outputTokens = -1;
    QString text, attrsJson, detailJson;
    std::vector<Key> keys;
    std::vector<Edge> edges;
    std::vector<Finding> findings;
    std::vector<LogLine> logs;
    QString mediaMime;
    int64_t mediaDurationNs = 0;
    int mediaWidth = 0, mediaHeight = 0;
    bool hasMedia = false;

    static ItemDetails load(const Workspace &workspace, int64_t itemId);
    // The item whose ref is `ref` (preferring one in the conversation), 0 if none.
    static int64_t findByRef(const Workspace &workspace, const QString &ref, int64_t conversationId = 0);
};
