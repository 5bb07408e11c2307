#pragma once
#include <QStringList>

// threadline analyze (not implemented yet: hidden from --help).
namespace AnalyzeCommand {
constexpr bool available = false;
int run(const QStringList &args);
} // namespace AnalyzeCommand
