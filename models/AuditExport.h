#pragma once
#include <QString>

#include <cstdint>
#include <vector>

class Workspace;

// A conversation as one chronological table across all sources, with the join that put each
// row there — what an auditor checks line by line. CSV per RFC 4180, safe to open in a
// spreadsheet (cells that would start a formula are prefixed with a quote).
class AuditExport
{
public:
    struct Row
    {
        int64_t itemId = 0;
        int64_t correctedNs = 0; // recorded time minus the source's estimated clock offset
        int64_t rawNs = 0;
        int64_t endNs = 0;
        QString source; // sources.path
        QString sha256;
        QString ref;
        QString actor;
        QString kind;
        QString name;
        QString what; // one readable sentence
        int status = 0;
        QString joinRule; // the edge that attached the item: rule, "(seed)" for the first item
        double joinWeight = 0;
        QString joinEvidence;
        QString joinedTo; // the other item, as "<source>|<ref>"
    };

    // Throws WorkspaceError when the conversation does not exist. maxRows caps huge conversations.
    static std::vector<Row> rows(const Workspace &workspace, int64_t conversationId, int maxRows = 1000000);
    static QString csv(const std::vector<Row> &rows);
    // One cell, quoted when needed and defused when it would start a formula.
    static QString csvCell(const QString &value);
    // Writes the CSV; returns the number of rows. Throws WorkspaceError.
    static int writeCsv(const Workspace &workspace, int64_t conversationId, const QString &path);
};
