#pragma once
#include <QStringList>

// threadline analyze -w WS [--json] [--trees] | threadline analyze PATH... --json [--trees]:
// runs the correlation engine and prints the analysis (JSON in the ARCHITECTURE.md shape, or a
// readable summary). PATHs are imported into a temporary workspace first.
namespace AnalyzeCommand {
constexpr bool available = true;
int run(const QStringList &args);
} // namespace AnalyzeCommand
