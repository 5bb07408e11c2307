#pragma once
#include <QByteArray>
#include <QString>

#include <cstdint>

class Workspace;

// The incident report of one conversation as a self-contained HTML string: complaint,
// summary, timeline picture, decision tree, findings with evidence, attribution chain,
// chronology, annotations, sources with sha256. Every string from a trace is escaped; there
// is no script and no remote resource (pictures are data: URIs). QtCore only: the picture is
// drawn by ui/ReportRenderer and handed in as PNG bytes.
class ReportBuilder
{
public:
    struct Options
    {
        QString complaint; // what the customer said, optional
        QByteArray timelinePng; // empty: the slot says no picture was drawn
        int maxChronologyRows = 400;
        int64_t maxInlineImageBytes = 4 * 1024 * 1024; // larger screenshots are listed, not embedded
        bool pageBreaks = true; // before the analysis and the evidence parts (PDF)
    };

    // Throws WorkspaceError when the conversation does not exist.
    static QString build(const Workspace &workspace, int64_t conversationId, const Options &options);

    static QString escape(const QString &text);
};
