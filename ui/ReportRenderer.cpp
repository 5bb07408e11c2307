#include "ReportRenderer.h"

#include "AuditExport.h"
#include "KindStyle.h"
#include "TimestampParser.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>
#include <QVariant>

#include <algorithm>
#include <map>

namespace {

// Loads data: URIs (the only resources a report names) and nothing else: no file on this
// disk, no network, whatever the HTML says.
class SealedDocument : public QTextDocument
{
protected:
    QVariant loadResource(int type, const QUrl &name) override
    {
        if (type != QTextDocument::ImageResource)
            return {};
        // Qt's image handler reads an <img> name as a file path when no image comes back, so
        // every picture that is not a decodable data: URI gets a blank stand-in instead.
        QImage blank(1, 1, QImage::Format_ARGB32);
        blank.fill(Qt::transparent);
        if (name.scheme() != QLatin1String("data"))
            return blank;
        const QString spec = name.toString(QUrl::FullyEncoded);
        const qsizetype comma = spec.indexOf(QLatin1Char(','));
        if (comma < 0 || !spec.left(comma).endsWith(QLatin1String(";base64")))
            return blank;
        QImage image;
        if (!image.loadFromData(QByteArray::fromBase64(spec.mid(comma + 1).toLatin1())))
            return blank;
        return image;
    }
};

} // namespace

QImage ReportRenderer::timeline(const Workspace &workspace, int64_t conversationId, const QSize &size)
{
    const std::vector<AuditExport::Row> rows = AuditExport::rows(workspace, conversationId, 20000);
    if (rows.empty() || size.isEmpty())
        return {};
    // Lanes in order of first appearance; the rest share the last lane.
    constexpr int maxLanes = 12;
    std::vector<QString> laneNames;
    std::map<QString, int> laneOf;
    for (const auto &r : rows) {
        const QString name = r.actor.isEmpty() ? r.source.section(QLatin1Char('/'), -1) : r.actor;
        if (laneOf.count(name))
            continue;
        if (int(laneNames.size()) < maxLanes) {
            laneOf[name] = int(laneNames.size());
            laneNames.push_back(name);
        } else {
            laneOf[name] = maxLanes - 1;
            laneNames[maxLanes - 1] = QStringLiteral("(other)");
        }
    }
    int64_t t0 = INT64_MAX, t1 = INT64_MIN;
    for (const auto &r : rows) {
        if (r.correctedNs == 0)
            continue;
        const int64_t end = r.endNs > r.rawNs ? r.correctedNs + (r.endNs - r.rawNs) : r.correctedNs;
        t0 = std::min(t0, r.correctedNs);
        t1 = std::max(t1, end);
    }
    if (t0 == INT64_MAX) {
        t0 = 0;
        t1 = 1;
    }
    if (t1 <= t0)
        t1 = t0 + 1'000'000'000;

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = p.font();
    font.setPixelSize(std::max(10, size.height() / 40));
    p.setFont(font);
    const QPalette palette = QGuiApplication::palette();
    const int labelWidth = size.width() / 6, top = font.pixelSize() * 2, bottom = font.pixelSize() * 3;
    const int plotWidth = size.width() - labelWidth - 20;
    const int laneHeight = std::max(8, (size.height() - top - bottom) / std::max<int>(1, int(laneNames.size())));
    const auto x = [&](int64_t ns) { return labelWidth + int(double(ns - t0) / double(t1 - t0) * plotWidth); };

    for (size_t i = 0; i < laneNames.size(); ++i) {
        const int y = top + int(i) * laneHeight;
        p.fillRect(QRect(labelWidth, y, plotWidth, laneHeight), i % 2 ? QColor(245, 245, 245) : QColor(252, 252, 252));
        p.setPen(Qt::black);
        p.drawText(QRect(4, y, labelWidth - 8, laneHeight), Qt::AlignVCenter | Qt::AlignRight,
            p.fontMetrics().elidedText(laneNames[i], Qt::ElideMiddle, labelWidth - 8));
    }
    for (const auto &r : rows) {
        const QString name = r.actor.isEmpty() ? r.source.section(QLatin1Char('/'), -1) : r.actor;
        const int lane = laneOf[name];
        const int y = top + lane * laneHeight + laneHeight / 4;
        const int64_t start = r.correctedNs == 0 ? t0 : r.correctedNs;
        const int64_t end = r.endNs > r.rawNs ? start + (r.endNs - r.rawNs) : start;
        const QColor color = r.status == 2 ? KindStyle::errorColor(palette) : KindStyle::kindColor(r.kind, palette);
        const int x0 = x(start), x1 = std::max(x(end), x0 + 3);
        p.setPen(color.darker(130));
        p.setBrush(color);
        if (end > start)
            p.drawRect(QRect(x0, y, x1 - x0, laneHeight / 2));
        else
            p.drawEllipse(QPoint(x0, y + laneHeight / 4), laneHeight / 5, laneHeight / 5);
    }
    p.setPen(Qt::black);
    const int axisY = top + int(laneNames.size()) * laneHeight + 4;
    p.drawLine(labelWidth, axisY, labelWidth + plotWidth, axisY);
    p.drawText(QRect(labelWidth, axisY + 2, plotWidth, bottom), Qt::AlignLeft | Qt::AlignTop,
        QString::fromStdString(TimestampParser::toIso(t0)));
    p.drawText(QRect(labelWidth, axisY + 2, plotWidth, bottom), Qt::AlignRight | Qt::AlignTop,
        QStringLiteral("+%1 s").arg(double(t1 - t0) / 1e9, 0, 'f', 1));
    p.end();
    return image;
}

QByteArray ReportRenderer::png(const QImage &image)
{
    QByteArray bytes;
    if (image.isNull())
        return bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QString ReportRenderer::writePdf(const QString &html, const QString &path, const QString &title)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(150);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Threadline"));
        SealedDocument doc;
        doc.setHtml(html);
        doc.print(&writer);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}
