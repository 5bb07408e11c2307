#include "KindStyle.h"

#include "TimelineLanes.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace KindStyle {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor laneColor(int lane, const QPalette &palette)
{
    static const QColor light[] = {QColor(0x2e, 0x7d, 0x32), QColor(0x8e, 0x24, 0xaa), QColor(0x15, 0x65, 0xc0),
        QColor(0x00, 0x83, 0x8f), QColor(0xef, 0x6c, 0x00), QColor(0x5d, 0x40, 0x37), QColor(0x54, 0x6e, 0x7a)};
    static const QColor dark[] = {QColor(0x81, 0xc7, 0x84), QColor(0xce, 0x93, 0xd8), QColor(0x64, 0xb5, 0xf6),
        QColor(0x4d, 0xd0, 0xe1), QColor(0xff, 0xb7, 0x4d), QColor(0xbc, 0xaa, 0xa4), QColor(0xb0, 0xbe, 0xc5)};
    const int i = std::clamp(lane, 0, int(TimelineLanes::LaneCount) - 1);
    return isDark(palette) ? dark[i] : light[i];
}

QColor kindColor(const QString &kind, const QPalette &palette)
{
    return laneColor(TimelineLanes::laneForKind(kind), palette);
}

QColor errorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
}

QColor suggestedColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0xd5, 0x4f) : QColor(0xb2, 0x6a, 0x00);
}

QColor cursorColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0xee, 0x58) : QColor(0xd8, 0x1b, 0x60);
}

QIcon kindIcon(const QString &roleOrKind)
{
    static QHash<QString, QIcon> cache;
    const auto it = cache.constFind(roleOrKind);
    if (it != cache.constEnd())
        return *it;
    QString kind = roleOrKind;
    if (kind == QLatin1String("media"))
        kind = QStringLiteral("audio");
    QColor color = roleOrKind == QLatin1String("turn") ? QColor(0x60, 0x7d, 0x8b)
        : roleOrKind == QLatin1String("continuation")  ? QColor(0xb2, 0x6a, 0x00)
        : roleOrKind == QLatin1String("output")        ? QColor(0x43, 0xa0, 0x47)
                                                       : laneColor(TimelineLanes::laneForKind(kind), QPalette());
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(2, 2, 28, 28));
    p.setPen(Qt::white);
    QFont f = p.font();
    f.setBold(true);
    f.setPixelSize(17);
    p.setFont(f);
    const QString letter = roleOrKind.isEmpty() ? QStringLiteral("?") : roleOrKind.left(1).toUpper();
    p.drawText(QRectF(0, 0, 32, 32), Qt::AlignCenter, letter);
    p.end();
    QIcon icon(pm);
    cache.insert(roleOrKind, icon);
    return icon;
}

QIcon brokenIcon()
{
    static QIcon icon = [] {
        QPixmap pm(32, 32);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xc6, 0x28, 0x28));
        const QPointF tri[] = {QPointF(16, 2), QPointF(30, 29), QPointF(2, 29)};
        p.drawPolygon(tri, 3);
        p.setPen(QPen(Qt::white, 3.5));
        p.drawLine(QPointF(16, 11), QPointF(16, 20));
        p.drawPoint(QPointF(16, 25));
        p.end();
        return QIcon(pm);
    }();
    return icon;
}

} // namespace KindStyle
