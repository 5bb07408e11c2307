#pragma once
#include <QByteArray>
#include <QImage>
#include <QString>

#include <cstdint>

class Workspace;

// Draws the report's timeline picture and prints the report to PDF (QTextDocument on a
// QPdfWriter). Needs a QGuiApplication (the CLI creates one on the offscreen platform).
class ReportRenderer
{
public:
    // A lane chart of the conversation's items: one lane per actor (or source), time corrected
    // for clock skew, colour by kind, errors in red. Empty image when there are no items.
    static QImage timeline(const Workspace &workspace, int64_t conversationId, const QSize &size = QSize(1600, 600));
    static QByteArray png(const QImage &image);
    // Returns an error message, empty on success. The file is replaced only when complete.
    static QString writePdf(const QString &html, const QString &path, const QString &title = QString());
};
