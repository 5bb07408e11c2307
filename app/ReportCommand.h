#pragma once
#include <QStringList>

// threadline report -w WS --conversation ID (--pdf OUT | --html OUT) [--complaint TEXT]
// Needs a QGuiApplication (main creates one on the offscreen platform for this command).
namespace ReportCommand {
constexpr bool available = true;
int run(const QStringList &args);
} // namespace ReportCommand
