#pragma once
#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

// Colours and icons per item kind, shared by the timeline, the tree and the details so a
// kind looks the same everywhere. Adapts to a light or dark palette.
namespace KindStyle {
bool isDark(const QPalette &palette);
QColor laneColor(int lane, const QPalette &palette);
QColor kindColor(const QString &kind, const QPalette &palette);
QColor errorColor(const QPalette &palette);
QColor suggestedColor(const QPalette &palette);
QColor cursorColor(const QPalette &palette);
// A small round badge with the kind's initial (tree rows, details header).
QIcon kindIcon(const QString &roleOrKind);
QIcon brokenIcon();
} // namespace KindStyle
